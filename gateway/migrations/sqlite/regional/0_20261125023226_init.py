from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "account" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "role" VARCHAR(20) NOT NULL /* OWNER: owner\nSTAFF: staff\nSUPPORT: support\nPRIVACY_OFFICER: privacy_officer\nSUPERADMIN: superadmin */,
    "email" VARCHAR(320) NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "nickname" VARCHAR(100) NOT NULL,
    "mobile" VARCHAR(40) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "is_active" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "refresh_token" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "family" CHAR(36) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE
) /* A refresh token, kept only as its SHA-256; a family is one login's chain of rotations. */;
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_family_00f3ac" ON "refresh_token" ("family");
CREATE TABLE IF NOT EXISTS "staff_member" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "permissions" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "account_id" CHAR(36) NOT NULL UNIQUE REFERENCES "account" ("id") ON DELETE CASCADE
) /* A staff account working for a seller, with the permissions the seller granted it. */;
CREATE TABLE IF NOT EXISTS "store" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "platform" VARCHAR(40) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "external_id" VARCHAR(200) NOT NULL,
    "buyer_data_authorized" INT NOT NULL,
    "sync_cursor" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_store_platfor_692a72" UNIQUE ("platform", "external_id")
);
CREATE TABLE IF NOT EXISTS "buyer" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(200) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(40) NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "address" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "store_id" CHAR(36) NOT NULL REFERENCES "store" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_buyer_store_i_f20847" UNIQUE ("store_id", "external_id")
);
CREATE TABLE IF NOT EXISTS "order" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(200) NOT NULL,
    "number" VARCHAR(100) NOT NULL,
    "status" VARCHAR(20) NOT NULL /* PENDING: pending\nPAID: paid\nFULFILLED: fulfilled\nCANCELLED: cancelled\nREFUNDED: refunded */,
    "currency" VARCHAR(3) NOT NULL,
    "total" VARCHAR(40) NOT NULL,
    "placed_at" TIMESTAMP NOT NULL,
    "shipment_status" VARCHAR(30) NOT NULL,
    "delivered_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "buyer_id" CHAR(36) REFERENCES "buyer" ("id") ON DELETE SET NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "store_id" CHAR(36) NOT NULL REFERENCES "store" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_order_store_i_616921" UNIQUE ("store_id", "external_id")
);
CREATE INDEX IF NOT EXISTS "idx_order_seller__d2a6d4" ON "order" ("seller_id", "placed_at");
CREATE TABLE IF NOT EXISTS "order_item" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "sku" VARCHAR(100) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "quantity" INT NOT NULL,
    "price" VARCHAR(40) NOT NULL,
    "order_id" CHAR(36) NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "shipment" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "carrier" VARCHAR(60) NOT NULL,
    "tracking_number" VARCHAR(60) NOT NULL,
    "status" VARCHAR(30) NOT NULL /* PENDING: pending\nINFO_RECEIVED: info_received\nIN_TRANSIT: in_transit\nOUT_FOR_DELIVERY: out_for_delivery\nAVAILABLE_FOR_PICKUP: available_for_pickup\nDELIVERED: delivered\nEXCEPTION: exception\nEXPIRED: expired */,
    "last_event_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "order_id" CHAR(36) NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_shipment_order_i_1459aa" UNIQUE ("order_id", "carrier", "tracking_number")
);
CREATE TABLE IF NOT EXISTS "tracking_event" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "time" TIMESTAMP NOT NULL,
    "status" VARCHAR(30) NOT NULL /* PENDING: pending\nINFO_RECEIVED: info_received\nIN_TRANSIT: in_transit\nOUT_FOR_DELIVERY: out_for_delivery\nAVAILABLE_FOR_PICKUP: available_for_pickup\nDELIVERED: delivered\nEXCEPTION: exception\nEXPIRED: expired */,
    "description" VARCHAR(500) NOT NULL,
    "location" VARCHAR(200) NOT NULL,
    "shipment_id" CHAR(36) NOT NULL REFERENCES "shipment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tracking_ev_shipmen_5a115e" UNIQUE ("shipment_id", "time", "status")
);
CREATE TABLE IF NOT EXISTS "job" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(60) NOT NULL,
    "seller_id" CHAR(36),
    "state" VARCHAR(20) NOT NULL /* QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed */,
    "payload" JSON NOT NULL,
    "checkpoint" JSON NOT NULL,
    "progress_done" INT NOT NULL,
    "progress_total" INT,
    "attempts" INT NOT NULL,
    "error" TEXT NOT NULL,
    "heartbeat_at" TIMESTAMP,
    "enqueued_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_job_seller__8df7e1" ON "job" ("seller_id");
CREATE INDEX IF NOT EXISTS "idx_job_state_0efc97" ON "job" ("state", "heartbeat_at");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtv2zgW/SuCv2wXyARtEmcG2cUCjiPPaOrYXsfudKYpBFqmY25kSpUop95u/vuS1M"
    "N6W4pfssAvbUzxUtK5fNx7Li/1o2HBJ2RgoJ+3NM1wMGncSD8aGCwg/SN58UxqANMMX2JF"
    "BEx0Xh+Eqk1sYgGNtTcDug1p0RTamoVMQuVoKXZ0nRUaGq2I8NO6yMHomwNVYjxBMocWvf"
    "DlKy1GeAq/Q9v/aT6rMwT1aeSB0ZTdm5erZGXysvFYuevwmux2E1UzdGeB17XNFZkbOKju"
    "OGh6zmTYtSeIoQUInIZegz2l98J+kfvEtIBYDgwedboumMIZcHQGRuOfMwdrDAOJ34n9c/"
    "Uv79FC1VS11x+pD/JIVRslsNMMzHBHmDCgfry67a4B4aUNdoP2b63hu8vrv3MIDJs8Wfwi"
    "h6vxygUBAa4oBz3ULQz69gmc23NgydhZcKwV+hgAazCBuS8bQ50+9Fvw9gvWgK87WwCl8U"
    "IbLYlwo/9HTx7eSFz2ET+MWp3OjUTfaTajv8aDQX84or8d0zQs8ogHQ+VTq/2n2u90lDaT"
    "My20BNpKNWYzpPEWxgN52Lq7V3pcjL7ldIFwo5AWGwvwXdUhfiJz+vPifY5WP7WGXLEX77"
    "liDToE3aHZ865c8EtMv2t9wgVAerpC0wdOIHA4Lfpdfg+DJArvZSF8L3MAvsxAWOXvVxrn"
    "tdhu0N48Rx0M6+urAlBfX2UizS5FgTaBbb8Y1lSdA3teBuqEYA279kWzWWTqaDaz5w52LY"
    "o4/78E0H79OuL7vtjUnDc3J6YOjLTn0hiHZA640O7Liomi/KEQyh9yUP6QRHlhTFCWUZOO"
    "8VqidghfFQH4KhvfqwS83C2wVmXwDYnUcaooMlFkTxNxfJGtUl8LLVN68K1BLW6AMzygsF"
    "wM5gkV3BfOvslxWJfntt/vspYXtv1N5wXKKAbx+P5WppMHR55WQoQXK71RvENbkEGiApJE"
    "/I5eIWgBM/p1RDKG+dQTPff/OMWOTl9w2sf6ytNzjkJGyr1MXav7QUQrd62RzK5c8NJVrP"
    "TddWxYBI1Ifyij3yT2U/qr35Pjjm1Qb/RXgz0TcIihYuNFBdOQFeyX+qi9Mq5h9hzyg1nB"
    "BGjPL4Bai5ErYeJkRu86V4nxDLGdMig9+c7HIdQBRzjZGQL2Zei2NmKNnWCHePWHgF+67h"
    "hrxLhrvS1QD6yRe7iYwFNcIQrhNHFW0Nq6R92yVuoKEfXidgBRn7VSV4hsYrBZcevhRlup"
    "LURzZC4gk9gWJa+hOgHF1kDjwshaFaOXYpO8uuATNMM3G9o+hiOD/rP7Wd9b508C4sXFIg"
    "bxAmDwxJ+SNceE062E1ChO3I7IC+VELJhCAZ1GS/KEJC50Jj1Dk0gGtQQlYEuI2NLDb62f"
    "LprX/5AAbWOB6AVk0wpQ0o0nhP9mS9qcQiAZM8kyCNe7fR6nyPd4GxF4qnjgydVmGaTXEr"
    "tEOzlnHJJD3wbbNZZ88JSmyaNSIiCxMSABv5uIKuENREFUsoZEwYkQAz4mCWYgrGbHfhMZ"
    "FBLbgYKradrUQr8WXNKZ7y0qjkoKLVdZy4LVzV4n68XqhrXu7VpTy9nwUan9WpdVGdAbzM"
    "sEVZ7AOAlwx7AgesIf4SqxbyzL3w9tRjxNaBPOPi22wEvgVsb6FsVgCnXohqLarYd2605u"
    "vGaHIUqRM6VphjDbksoyxOiYPJIhzAcV5Ri4jOQhJL0Y1jNFXJoZFvX2bajr0DqTXhCZS9"
    "SFl0xoLZBtMw+f/3YrSE8WwLTTSIik0Qt7uINgFiowPZ3lMAshNSbh/v2h38vYNRYVi6/7"
    "SCPS/yQd2XubrELYTxykE4Ttc3a/Y8DPYIos+b5f/O6+9TnuMre7/du4nlgDtyLQLkyyhj"
    "uLlrTIIkLCIIsNpKpZuUdl/fZi47r9T5i4hUzcyGDd3sIt4Gn4IcVDKKEKnXv3XsaWnoO7"
    "6STVZwj2o+R5C5Og0k5zy764uyFYw/A7gRa9LYPkqzDQq2Sgh1WTgDsngyYqVsedxHtJOq"
    "h8UseBtsLvBV2TYlQK3kCgdvjuPtXgFJIZDwTuXlIZqRNHZ+1SLElIpBoMCbutYEgEQyIY"
    "EsGQxDZFl0U0JCMAFfzIIfmRRN/dCbR129SfADY0YsvyTsfKManmlp8t0wJK80cuWqn8UQ"
    "BkHn9kBJWOwR99Cc1/pg401+76KmglQStVY1QfglZy/J0ehYmlQKKGGO/lJAu6whMnZWUq"
    "djzXWrrKeDcGcu9O6f16I5kQTyngj3jQUu7oT4Cmj7gz7naUblemBTNHnyE67dLSdqvXlt"
    "1Sjb27WzqUO+PeHSu0IJ3OptDtg0c/k0tzLAtirdyRGSGZKqvvrXRWETIrm8qKI0wMAlKI"
    "wjuooQXQs9JfPJk4WeIKnXvCJwh1DrZ3clu5b3Xffbg6u4gdjBFmaGMcd2DiJBHOJaUigj"
    "XkpE6Egyq0X97PkVbzFp0M4iQpekD+3cHs/ib0n2vfM1chHj6Hhk8ML+q2oiW03jTC4rIi"
    "J6XKY0zQ+9mDrL70vmNO36j1qKTQelW0njLY0w/3KRmBCMtswf+czgxeJqIjgmQiSFZBQE"
    "WQTATJqg3sxiBZYtnaCa5Fz6Wr5mq1EdbwWh2BlT6A1Bt3u8WCj4jAxW5ijwptqUbdOJWc"
    "EAe4HSdSy/tWdrTW73obI7Yq8muKT8rUNg5rPzul2EO3eg2DHHuJCRJEyh1uHwjUEOHLQg"
    "hf5iB8mUT4mwMwBS0lXKdgko5xWCQGMzrJxYY+L/3vp4sPVz9f/XJ5ffULrcIfNCj5OQf4"
    "5BnrpoW0lF6bG6ALZESAbkOAzltbS61uYRnhyOc78sFus62dorqdRH0W84rCvapqZ90wNz"
    "/jlBuPAcg/38avtOMdhyb1WmaGxc1ikbRaWas2rKbCuX4hmRpaX7tP+Kt+ruppb9oUW2QP"
    "ibZLEfIZBTgUMgv9F6bgnvtVp8w2DviFp6DkZD/xZK+wpmqOZRspZtyIdu8MaiIq9qZ+X0"
    "16OzXCLn8eRfBOZLQGAfZuv/erXz2e5ioyWuu9+UFktFbBJRWx5UMdUCW+1yW+11XtEF0Q"
    "1ExnN0Ihz1yCI1xvxxxHQKBpwLKQ+ye7ATuNV/XywgTfUSm+I6SpwjlLa5EauojXRTzE62"
    "wH8ToZyouNgBJQp4gKyAtAfnoZlQ0vLbLk7JGSVqn0On11KLdl5RPLkUR4ZqgW1CBasuRJ"
    "paeOhq3egzJil1SqE2wj8oj745Ha6Q/VO7lL5YZ/3kiGQ9SZYale7snqEbc+tZRu67Yr85"
    "oDpf1xPLiRwBIg/uq8tom0Z8d8xF477AmC5JVHLH9uy4OR0u/dSPC7BvlbsNKBwmu63096"
    "Uzrn7vN1dGATFS5ZwlN5rzYhLDJ2qrOJP+nICvoie5jVl74Q8XSRvFFFSAUfdJRcA7H94x"
    "DbP0JRyuUutnqPPBdJXor93iXIpChsqYxSAtk8WinwVOFyT+RSmLjybSnPUxOcUqU4JV87"
    "ZexoX6aGFvSJWMyFHKXTI1bKK1ZwKns8A2UNdGofSp8cYmK1O/W9WWhbUjNnW1IzuS1JNz"
    "RQFuiwTO1Q3svmr+BQpJJOb1RMuL0b3N6Q7be1d1bD5NCzuOcb7V7V2qL/uzFppDoc7MIG"
    "N+M/XpV95pV+4XYK70JzCCwygYCIg38PMwfkuRXUvSy1ndmvX2VbszoR02NSt5sjW6fxpc"
    "m4p5SR5FDMUTr016NoVaf06YqNf4/lMXMzXOlHPBz3etx3shyMue/0MG63ZZmf12s7mgbh"
    "lNXrULeHn/ZLHZ2qHOBrgpVugJQRkPM16bWI+E5ShMTYyXeS5lB7Ng2UZvhl6yQqJdSyc7"
    "WYlsEu2+o09aN4menzCbnD5dC/39eyvPMEeg+ijKOuN2Obdd51MXArtsdk1/ACQuDCTAs6"
    "ZQIbFhH9NQ4otKxyuVaBQA3opUMnWUW80QTm+fGVuKzYj1blMAvErj39BkXHRIWeq6xnse"
    "8we6Wq775DcVJ43bSeMtiDPTwJZv0YnHsLWkibN1Jpd+/aWT7zDta1KnOoY6bRnspIppjr"
    "3mjdjluvvP+TTakvoWWXDBGHRGpIrF80m0VYxWYzm1Zk12JeJx1WJRD2qtcQ3b2clEnvSF"
    "JDwzkM4Vrk8PTgcUzjnRGBR13SXv8Pi8mYsA=="
)
