from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "access_grant" (
    "id" UUID NOT NULL PRIMARY KEY,
    "grantee_id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "granted_by" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_access_gran_grantee_36d18b" ON "access_grant" ("grantee_id");
CREATE INDEX IF NOT EXISTS "idx_access_gran_subject_93b2df" ON "access_grant" ("subject_id");
COMMENT ON TABLE "access_grant" IS 'A privacy officer let a support admin see a subject''s unmasked data until ``expires_at``.';
CREATE TABLE IF NOT EXISTS "connect_state" (
    "state" VARCHAR(64) NOT NULL PRIMARY KEY,
    "platform" VARCHAR(40) NOT NULL,
    "shop" VARCHAR(200) NOT NULL,
    "seller_id" UUID NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "connect_state" IS 'An OAuth ``state`` nonce: which seller started connecting which store, and when.';
CREATE TABLE IF NOT EXISTS "directory_entry" (
    "account_id" UUID NOT NULL PRIMARY KEY,
    "region" VARCHAR(8) NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "incident" (
    "id" UUID NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL,
    "detected_at" TIMESTAMPTZ NOT NULL,
    "opened_by" UUID NOT NULL,
    "categories" JSONB NOT NULL,
    "regions" JSONB NOT NULL,
    "window_from" TIMESTAMPTZ NOT NULL,
    "window_to" TIMESTAMPTZ NOT NULL,
    "likely_impact" TEXT NOT NULL,
    "actions_taken" TEXT NOT NULL,
    "actions_planned" TEXT NOT NULL,
    "advice" TEXT NOT NULL,
    "remedies" TEXT NOT NULL,
    "state" VARCHAR(20) NOT NULL,
    "affected" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "incident" IS 'A security incident: its scope, what we tell the people affected, and its timeline.';
CREATE TABLE IF NOT EXISTS "incident_event" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "incident_id" UUID NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "detail" TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_incident_ev_inciden_8edd3f" ON "incident_event" ("incident_id");
COMMENT ON TABLE "incident_event" IS 'The incident''s timeline: every step, when, by whom.';
CREATE TABLE IF NOT EXISTS "incident_notification" (
    "id" UUID NOT NULL PRIMARY KEY,
    "incident_id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    "channel" VARCHAR(20) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "attempts" INT NOT NULL,
    "error" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "sent_at" TIMESTAMPTZ,
    CONSTRAINT "uid_incident_no_inciden_e61338" UNIQUE ("incident_id", "subject_id", "channel")
);
CREATE INDEX IF NOT EXISTS "idx_incident_no_inciden_3fae59" ON "incident_notification" ("incident_id");
COMMENT ON TABLE "incident_notification" IS 'One affected subject''s notice through one channel, and whether it was delivered.';
CREATE TABLE IF NOT EXISTS "policy_version" (
    "version" VARCHAR(40) NOT NULL PRIMARY KEY,
    "published_at" TIMESTAMPTZ NOT NULL,
    "summary" TEXT NOT NULL,
    "material" BOOL NOT NULL
);
COMMENT ON TABLE "policy_version" IS 'A published version of the privacy policy (global: one policy for every region).';
CREATE TABLE IF NOT EXISTS "store_directory_entry" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(40) NOT NULL,
    "external_id" VARCHAR(200) NOT NULL,
    "store_id" UUID NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    CONSTRAINT "uid_store_direc_platfor_6cdc3d" UNIQUE ("platform", "external_id")
);
COMMENT ON TABLE "store_directory_entry" IS 'Which region holds a connected store, found by its marketplace id (webhooks, callbacks).';
CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "plugin" VARCHAR(40) NOT NULL,
    "delivery_id" VARCHAR(200) NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_webhook_del_plugin_51aed7" UNIQUE ("plugin", "delivery_id")
);
COMMENT ON TABLE "webhook_delivery" IS 'Deliveries already accepted, so a replayed webhook is refused.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXe1P2zgY/1esfhmTOMQY4hA6ncTbbZwGnUb3ok1TcBO39dWxM8cBqt3+97OdlyZu0j"
    "algZLzF9Q6z89Of4/j580xPzse5sgVjE92jl0XheEbDqnoHIGfHQp9JD9USGyDDgyCwnXV"
    "JmCfaBTUss4wE+6HgkNXdT2AJESyyUOhy3EgMKMKcQwCjm+hOwFsMMAu4oAgASAIoyBgXH"
    "7yfExBiJBu6/8jB30Rgoj6MBwjD3hQQPlNYAJubtB9IO8qdKC4udlRw3vMleNjOmx8pIji"
    "HxFyBBsiMUJcjvftu2zG1EP3KEy/BmNngBHxCkxjT3Wg2x0xCXTbx48XZ39pSfUr+o7LSO"
    "TTqXQwESNGM/Eowt6OwqhrQ0QRhwJ5OdJpREiio7QpvmPZIHiEslv1pg0eGsCIKNV1/hhE"
    "1FUaA3ok9Wf/z+TWcmKOc9XtOdfnPcfpzGha3YKhkqTJZVTNEkyFIurnr7jfKSG6taMGOH"
    "17/GHr9cFLTQELxZDri5quzi8NlFqKoZr0Kct6SiLk1GO7iFon62nDHNpTxjaM4ymnyVNS"
    "k9MiynJa5DSecZ7Tn9SfpymqWU6nC/mzIZUjGMpxZwjtoXtRTugUYZApb65dNPbOv/RUz3"
    "4Y/iCq4erT8QfN7eXxF02uP0muvOtevUnFmTTrsc2/On3XPTEIn9rHWdLPJG0C+6ic+CLS"
    "IN9LoDvph5ap4uLy/Lp3fPm+oI+z4965urJX0EXauhU/AFN1ZJ2Azxe9t0B9BV+7V+fmY5"
    "LJ9b521D3BSDCHsjsHenlO0ua0qaBmVz4matmpr+YisoVqViuI16VkklihZ6L2xGDOaF15"
    "r4NxzrNSDX3oju8g95yZK2yPVcnOXvL3fLMFUjjUOlPkauqycOSUUSo/Xgs5FzrlEUtBZF"
    "HI4sbCTphJL45ZKOgeR2IkAwGNurkBlFEXHYG7EXZHMoYgRIYX8hqX8xUkI8jZkl6XNyG7"
    "hdSTDYiWhCoNDPCACCWjpviEn44gr3DxUsB6jOfiCKXJB9mH9w5BdChG8uvB/pwHOTWcB/"
    "vGw5ma1D19aX6gEhAoBoz7dfjOY1rhrxRJ399dgvT93UrS1SUjchmxoNaETuRbSO7e7jLs"
    "SqlKevU1g1+9QNUNDPMgG8PMxDBDXBbDVE/aKaKF0/ZwiUl7WDllD80Jaz1Z68k+tid7ln"
    "46p4JPKnxZQ2iRN5u1OiiTX+TPVs+EB/iM0HVZROvmBosom+Wum+W2RqJJI4F8iImjf1kd"
    "ig2YjYkqYiJrja01fjprfEFd7KHKKnh2eZEFxnnBJcrfIXIjjsUEpMAjgEUIQpcFUv5uBA"
    "W4Q0DI2AhIGwwCxAKCABwM5NjIi5M8CqDmM8EUlRW+GxnDlrw33BnI38wM3dWlLwPWCrfg"
    "setfHhL60VnBghnQFpqwZ2KylqqAyQWU1q7WF0A20WU6f/IHDxnHUmCG07+vu1cVjl8BZT"
    "412BXgX0BwKJqiNWcw+hEmAtNwR433FDZDsTR/STNXL0MrqgNzSYsDxVo6yUGsQtaukDv5"
    "6+ViNeCspFY038YYUGtjNtrGJNoSbEU1x0Cr5I1WMsFjRCYO9gMVL9Zw12eAj+ewd55gKW"
    "3EXYfaToSOgGNUK1aaAVryVyY/IJBKt3gV+nNQq4D6CvBusVuyv2cO7xnC0l2bbo585JVG"
    "N/O2I08xlvLalD/1BralyFZZgaYIN7f8LLXjZ86GH7Ngk6aKZzm+oFVrSA5isIxpY1Hhbl"
    "MED9Ud/Lb3av/3/cPXB/uHUkTfZdby+xzOL656tgJmK2AbUgE7v11cBotltpeshTnodumK"
    "WG+EsjLVi2nJ6QjIPvgEhAIF23pX8zboT+QH5s9WvFbsY80Vrcqlr7SgVbLoJVNmc7cBrG"
    "XRqy5gZdOnZr2wCLNvGBq2urZJsabkeZiSvJbHktI6Hm8q34pyb9OvD3hIQEzqBHBThA3f"
    "lgrfNs8tumICD7ALE7bmeUcF0aWdJGqiFvpKXTrdpZM7s0J15CIgRpxFwxFgUsodqQwZyd"
    "4JU/4NwALcwRB40jmSfhHyZh2pJgYo8bK+mTa7eEZA0nfnu91ftEn7i6x79v88VGNTanz2"
    "5akN2Refrs816M1BWsjv+hOsKiEdlZQM5qewo8cuGASIeoqmZ8oyFAL5gSjhuTqNnYPYNL"
    "aZxkacM14nTsoANkxaZdOxjDFr7dDLQTZjh54atjU79ELl5dZPt+Vga8i5JR7wphjKZ5Ji"
    "q9yztTl5ifeMYHfyCfGwOiFRlNlekIkItLRzmxNf5vzOqC9XiRHyQAIEbBC/RpQctxl3C7"
    "aGhPUhOdLpgqRtwHhSk4n97Zelx3aufYAHFHpy5CzrieUgrXv3c1251Tnn4aTaX2ElNbEt"
    "LGE89/W0mPrwfchLXqWp9hdzkFbEkY/tM/qSGo5hSex+whhBkJbTnocZvPclrinis5bHZf"
    "6k231XYP7kwqT24+XJ+YetV1oNUgiLOGrUAdHmuAzX6ly4pY4dKZNc5D7oU+ecVU4g6XzW"
    "x9bFJhqMmPw5AKbH2qnKQ3ye3YBF1FM7NtS7yPKxHyMREOgigD2wdYf6I8bG4TZwISGKsr"
    "DEm2hyoNLCRv5oNrmKIU4hUVnaB9Uy7M6SB+4ssYfsPUKVPD/da/BswFpIdTNH7unVt2bV"
    "KIexNSNbM2q4ZrQ5jtDn2IafxRsTqpwgU2qRA5R4Bo6XByz0fZLuMZKuCFEb0iZA/RuVQJ"
    "+8EjLpn3Akbc9EuifJAACHsm0QhWVbNh7eXYUfEw1x/H5C8uusF/P0Xkyqk+V9mBTRwhWq"
    "iX1+06leg2UD1kKqG/Fg5JKKJG+rJPoMaAvzfC3bqvykrsCv/wCgtQ8e"
)
