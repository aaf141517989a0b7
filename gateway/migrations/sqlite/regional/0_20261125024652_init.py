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
    "connected" INT NOT NULL,
    "credentials" TEXT /* sealed (AES-GCM) upstream credentials */,
    "sync_cursor" TEXT,
    "last_synced_at" TIMESTAMP,
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
    "tracker" VARCHAR(40) NOT NULL,
    "tracking_registered" INT NOT NULL,
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
    "eJztXW1z2joW/isevmzvTJppk5B7J7uzM4SY1rcEsgR6e2/T8QgjgjZGdm2ZNNvNf19Jfs"
    "HvscEQ49WXNsg6sv0cvZzznCP5Z8uC98jAQD/uaJrhYNK6kH62MFhC+kfy4pHUAqYZvsSK"
    "CJjqvD4IVZvaxAIaa28OdBvSohm0NQuZhMrRUuzoOis0NFoR4ft1kYPRdweqxLiHZAEteu"
    "HrN1qM8Az+gLb/03xQ5wjqs8gDoxm7Ny9XyZPJyyYT5arHa7LbTVXN0J0lXtc2n8jCwEF1"
    "x0GzYybDrt1DDC1A4Cz0GuwpvRf2i9wnpgXEcmDwqLN1wQzOgaMzMFr/mDtYYxhI/E7sn7"
    "N/eo8Wqqaqg+FYvZXHqtoqgZ1mYIY7woQB9fPZbXcNCC9tsRt0P3ZGb07Pf+EQGDa5t/hF"
    "DlfrmQsCAlxRDnqoWxj07RM4dxfAkrGz5Fgr9DEA1mACc182hjp96E3w9gvWgK87WwCl8U"
    "gbLYlwa/jHQB5dSFz2Dt+OO73ehUTfaT6nvyY3N8PRmP52TNOwyB2+GSmfO90/1WGvp3SZ"
    "nGmhFdCeVGM+RxpvYXIjjzpX18qAi9G3nC0RbhXSYmsJfqg6xPdkQX+evMvR6ufOiCv25B"
    "1XrEGHoDs0B96VE36J6XetT7gESE9XaPrACQT2p0W/y+9gkEThPS2E72kOwKcZCKv8/Urj"
    "vBarBu2X56i9YX1+VgDq87NMpNmlKNAmsO1Hw5qpC2AvykCdEGxg1z5pt4tMHe129tzBrk"
    "UR5/+XANqv30R83xWbmvPm5sTUgZH2UBrjkMweF9pdWTFRlN8XQvl9DsrvkygvjSnKMmrS"
    "MV5LNA7hsyIAn2Xje5aAl7sF1lMZfEMiTZwqikwU2dNEHF9kq9TXQquUHnxpUIsb4AwPKC"
    "wXg3lKBXeFs29y7NfluRwO+6zlpW1/13mBMo5BPLm+lOnkwZGnlRDhxcpgHO/QFmSQqIAk"
    "Eb+iVwhawox+HZGMYT7zRI/9Pw6xo9MXnA2x/uTpOUchY+Vapq7V9U1EK1edscyunPDSp1"
    "jpm/PYsAgakf5Qxh8l9lP6aziQ445tUG/8V4s9E3CIoWLjUQWzkBXsl/qoPTOuYf4Q8oNZ"
    "wRRoD4+AWouRK2HiZE7vulCJ8QCxnTIoPfnepxHUAUc42RkC9mXktjZmjR1gh3j2h4Bfuu"
    "4Ya8S4a70tULeskWu4nMJDXCEK4TR1nqC1dY+6ZK00FSLqxVUA0ZC10lSIbGKwWXHr4UZb"
    "aSxEC2QuIZPYFiWvoSYBxdZA48TIWhWjl2KTvLrkEzTDNxvaIYZjg/5T/azvrfMHAfHyZB"
    "mDeAkwuOdPyZpjwulWQmoUJ25H5IVyIhZMoYBOqyN5QhIXOpIeoEkkg1qCErAlRGzp9mPn"
    "7Un7/O8SoG0sEb2AbFoBSrpxj/DfbElbUAgkYy5ZBuF6t4/jFPkObyMCTzUPPLnaLIP0Wq"
    "JKtJNzxj459G2wXWPJB09pmjwqJQISLwYk4A8TUSVsQBREJRtIFBwIMeBjkmAGwmp27I3I"
    "oJBYBQqup2nTCP1acEVnvk1UHJUUWq6zlgWrm71ONovVDWvdy1pTy9nwUandWpd1GdAvmJ"
    "cJqjyBcRLgnmFBdI8/wadE3liWvx9KRjxMaBPOPi22wGPgVsb6FsVgBnXohqK6ndtu50pu"
    "PWeHIUqRM6VphjDbksoyxOiYPJIhzAcV5Ri4jOQhJD0a1gNFXJobFvX2bajr0DqSHhFZSN"
    "SFl0xoLZFtMw+f/3YrSPcWwLTTSIik0Qs7uINgFmowPR3lMAshNSbh/v12OMjIGouKxdd9"
    "pBHpv5KO7J1NViHspw7SCcL2Mbvfa8DPYIos+b5f/Oa68yXuMnf7w8u4nlgDlyLQLkyylj"
    "uLlrTIIkLCIIsNpLpZua/K+u3ExnX7nzBxC5m4kcG6vYVbwNPwQ4r7UEIdOnf1XsaWnoOb"
    "dJLqMwT5KHnewjSoVOnesq9uNgRrGP4g0KK3ZZB8EwZ6nQz0sGoScOfsoImKNTGTeCebDm"
    "q/qWNPqfA7QdekGJWCNxBoHL7VbzU4hM2MewJ3J1sZqRNHZ+1SLElIpB4MCbutYEgEQyIY"
    "EsGQxJKiyyIakhGACn5kn/xIou9WAm3TkvoTwIZGbFne6bX2mNQz5WfLbQGl+SMXrVT+KA"
    "Ayjz8ygkqvwR99Dc1/pg401+76JmglQSvVY1Tvg1Zy/EyPwsRSINFAjHdykgVd4YmTsjIV"
    "O55rLV1nvFs38uBKGXy4kEyIZxTwO3zTUa7oT4Bmd7g36feUfl+mBXNHnyM67dLSbmfQld"
    "1Sjb27WzqSe5PBFSu0IJ3OZtDtg69+JpfmWBbEWrkjM0IydVbfpnRWETIrm8qKI0wMAlKI"
    "wiuooSXQs7a/eDJxssQVOvaEDxDqHGyv5K5y3em/eX92dBI7GCPM0MY47sDESSKcS0pFBB"
    "vISR0IB1UoX97fI63mLToZxElSdI/8u4PZ/U3oP9euZ65CPHwODZ8YXtRtRStobTTC4rJi"
    "T0qdx5ig97MHWXPpfcecbaj1qKTQel20njLY0w/3KRmBCMtswf8czgxeJqIjgmQiSFZDQE"
    "WQTATJ6g3si0GyxLJVCa5Fz6Wr52r1IqzhtToCK30AaTDp94sFHxGBy2pijwptqUHdOJWc"
    "EAe4vU6klvet7Git3/VejNiqyK8pPinT2Dis/eCUYg/d6g0McuwkJkgQKXe4fSDQQIRPCy"
    "F8moPwaRLh7w7AFLSUcJ2CSTrGYZEYzOggFxv6vPS/tyfvz349++30/Ow3WoU/aFDyaw7w"
    "yTPWTQtpKb02N0AXyIgA3QsBOm9tLbW6hWWEI5/vyAfZZls7RU07ifoo5hWFe1Xdzrphbn"
    "7GKTceA5B/vo1fqeKMQ5N6LXPD4max2LRaW6s2rKbCe/1CMg20vqrf8Ff/vaqHnbQpUmT3"
    "ibZLEfIZBTgUMgv9B6bgnvtVp8w29viFp6DkcD/xZGAMNVIa/Yic+KZWqW9qzSB1iembJS"
    "Ef0/kkM80lLLbRRLOfeELLhkCHM+lNR759+6F7/YvkmPT5IFhKsZfYLsVJ/jKOqCSxyzhI"
    "eugPBx/86vGtx7G47xPWVM2xbCPFqclWTkysxsqpJLlsF8jrwCYqw3GjdKCktEj3q08GkE"
    "j3a37il9jNXwc6TuTV7OtwPvGtQvGtwnqnJwQJHenMbijdI5fcDdermN8NggcasCzk/slu"
    "wE4iV709sYLrrRXXG9JU4f2aa5EG0mPnRdix82xy7DyZxhAbASWgThEVkBeA/PB2k7e8Le"
    "ElZ4+ULeXKoDdUR3JXVj6z/eEIzw3VghpEK7ZxXBmo41FncKuM2SWV6gTbiNzh4WSs9oYj"
    "9UruU7nRnxeS4RB1bliqt+/u6Q53PneUfueyL/OaN0r30+TmQgIrgPir89om0h4c8w577b"
    "AnCDbu3WH5S1e+GSvDwYUEf2iQvwUrvVF4TffbcRttZa9+ryKnIOCKbfbckL8ICwv6os70"
    "BZ9nN5ia9z0lH+zxpsFCxmxSm0CrdHwiowURGyoXqhAs3f8dSydS5sT+zDpCKmjPV9lOKD"
    "I895HhGUpEWlWxm2vsmT/ySmzpKsGZRmFLJU4TyOaxp4EVClc74lDD/KxvS3mEhKBOa0Wd"
    "+topY0f7Mg20oA/EYi7EBxwef7hBWpegDnd3zNka6NQ+lD45xMQaRyu1C2Uet3Myj9vJzG"
    "Pd0EBZoMMyjUN5J/ndwbmHJZ3eqJhwe19we0O239beWQPPfziKe77R7lWvXXi/G9NWqsPB"
    "LrzgZvzbq7LLoyO+cjuFd6EFBBaZQkDE2f77mQPy3ArqXpbaseTXr7OtWZ/EgNekbl8O4B"
    "7Gx6TjnlLGPsZijtK+PxBJqzqlD1Bu/WsiT5ib4Urf4dFkMOC+k+VgzH2n20m3K8v8SH7b"
    "0TQIZ6xej7o9/EB/6uhs5p1Uf0a/CZ50A6SMgOxPIYZExKcQIyRGJZ9CXEDtwTRQmuGXrZ"
    "OolFBL5WoxLYNdttVZ6ndvM0/IScjt75icd7talis/I8eDKONrFi9jm/VJi2Lg1iyVqmp4"
    "ASFwaaYFnTKBDYuI/hoHFFpWuQ2kgUAD6KV97xyNeKMJzPPjK3FZkXZZ5zALxK49vYGiY6"
    "JCz3XWs8g7zF6pmpt3KD4G0jStpwz2IIcnway/BufegRbSFq1U2t27dpTPvIN1rdqc25xp"
    "tKcykinmujdat+PWa+//ZFPqK2jZJUPEIZEGEusn7XYRVrHdzqYV2bWY10mHVQmEveoNRH"
    "cnh2HTO5LU0HAOQ7gW2T89+DqmcWVE4Ksuac//A+6nHW8="
)
