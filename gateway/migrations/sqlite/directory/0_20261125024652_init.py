from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "connect_state" (
    "state" VARCHAR(64) NOT NULL PRIMARY KEY,
    "platform" VARCHAR(40) NOT NULL,
    "shop" VARCHAR(200) NOT NULL,
    "seller_id" CHAR(36) NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* An OAuth ``state`` nonce: which seller started connecting which store, and when. */;
CREATE TABLE IF NOT EXISTS "directory_entry" (
    "account_id" CHAR(36) NOT NULL PRIMARY KEY,
    "region" VARCHAR(8) NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "store_directory_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(40) NOT NULL,
    "external_id" VARCHAR(200) NOT NULL,
    "store_id" CHAR(36) NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    CONSTRAINT "uid_store_direc_platfor_6cdc3d" UNIQUE ("platform", "external_id")
) /* Which region holds a connected store, found by its marketplace id (webhooks, callbacks). */;
CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "plugin" VARCHAR(40) NOT NULL,
    "delivery_id" VARCHAR(200) NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_webhook_del_plugin_51aed7" UNIQUE ("plugin", "delivery_id")
) /* Deliveries already accepted, so a replayed webhook is refused. */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztWO9v2jwQ/lesfOqkvlXHEEPTq1dCLa/Gh7XTylZp0+Sa+EgsHDtznLVo6v8+2/lBCK"
    "TAVtYO5QsKd/fknMcX35P74VGmwNdSzU/OpBDm8koTDd4b9MMTJLIXTSHHyCNxvBRgbZpM"
    "uIP5WTBOyuhJohXxtXFOCU/AmCgkvmKxZlJYyECgy0GqQ3Rz41A3N0hI4cMbdBsyP0QJcA"
    "4KGZ/SQFGegYmg8JtFmNsSQY0BxInNSqVv0pqYfSVIBfuWAtYyAB2CMmm+fDVmJijcQVL8"
    "jWd4yoDTJWZLapwL63nszGchUf+7YLv+CfYlTyOxBIjnOpSiRJgntNYABCgTQSsUi5TzfE"
    "sKU7ZiY9AqhXKpdGGgMCUptxtl0dkiFjYP44vLMb4ajjH2VjaxQFRoz02GTVsATOjEsRCR"
    "O8xBBDo0f3vd+yzPgoosyib8NPhw9nbw4ajXfWETSlNFWY1d5J6Oc927WxBNsps47hdkx5"
    "zoqVTRLnxXMY9DeWFYcL54F/446d3TLUjvnjaSbl2W9EpFhzLeqaDz+AMkt3O6DbsmqpFe"
    "56vx6w4ozOgqyR8/js4bSK6CakynKaMnFvoX8v0AvY7bVz1HbSwTHSjndCTVKFUQ2Lw7FO"
    "0CcYBl29+iaPuNJduvF6yvwDKBiV5l+Nx4NItgPcvLyBrTNIeeFBd/I+/mAeml4PO88T5A"
    "/Hj0bng1Hrx7b9NFSfKNO/4G46H1dJx1XrMe9Wq7VN4EXY/Gb5H9iz5fXgzr70gZN/7s2T"
    "WRVEss5C0mtKIRCmvB2r1VOdNZpfVaw4T4s1uiKF7xyI5sil11RZ2obiGCBG7PLLmOulKm"
    "nhdXQ6HVvEHL1oI2qdnSiqGM36RnmyvhNzQj8X2ZCr1jC1hGPWYP2KwhvX+nqfAtJ8hlsj"
    "/d/7xn2BSaxWPbJPbZJCAijGP3ZLtQXIO130QN30RtN2678dN14ys7M9mqJa+L3NSX3UQG"
    "/0p39q7dSCc7p1EozeMgUox8gBaznqnpmxRN5ojpBEVEzUDHnPiAGEVHtzAJpZwlx8gnnF"
    "vKkherU6d9JlqjJL4sjS3gToMShNvW/3VbkbFOXIyEXn80rNUU5rWqHwJ5qT7fwzewS/in"
    "87L7utt/1ev2TYhbZml5/cChMLoYtwOopx9AVct9FymxDDtAqvczjnKn747TqAqmHUa1w6"
    "g9f2c8HyF0nfXwc+DsOzSKoHrUJgGUKwOzExXARu2T356BkSLcKt85Ir4PsamTY5RIo08U"
    "mN4zN/IkT4BYYmzTNAG6qnB+/3YNOiYNmMiqKXu6VsU8vYop9mR7DVMgDvCEenwFUy31HV"
    "iuwQ6Q6r0oGHOkguHtV0YiNWg7E2lnIg9IgfufNIFzFg=="
)
