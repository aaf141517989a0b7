from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "account" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "role" VARCHAR(20) NOT NULL /* OWNER: owner\nSTAFF: staff\nSUPPORT: support\nPRIVACY_OFFICER: privacy_officer\nSUPERADMIN: superadmin */,
    "email" TEXT NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "name" TEXT NOT NULL,
    "nickname" VARCHAR(100) NOT NULL,
    "mobile" TEXT NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "birth_date" DATE,
    "restricted" INT NOT NULL /* child awaiting guardian consent */,
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
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_account_fde109" ON "refresh_token" ("account_id");
CREATE TABLE IF NOT EXISTS "staff_member" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "permissions" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "account_id" CHAR(36) NOT NULL UNIQUE REFERENCES "account" ("id") ON DELETE CASCADE
) /* A staff account working for a seller, with the permissions the seller granted it. */;
CREATE INDEX IF NOT EXISTS "idx_staff_membe_seller__b9b15f" ON "staff_member" ("seller_id");
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
CREATE INDEX IF NOT EXISTS "idx_store_seller__b1e6f2" ON "store" ("seller_id");
CREATE TABLE IF NOT EXISTS "buyer" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(200) NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "seller_id" CHAR(36) NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "store_id" CHAR(36) NOT NULL REFERENCES "store" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_buyer_store_i_f20847" UNIQUE ("store_id", "external_id")
);
CREATE INDEX IF NOT EXISTS "idx_buyer_seller__a220f3" ON "buyer" ("seller_id");
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
CREATE INDEX IF NOT EXISTS "idx_order_buyer_i_791ba7" ON "order" ("buyer_id");
CREATE INDEX IF NOT EXISTS "idx_order_seller__d2a6d4" ON "order" ("seller_id", "placed_at");
CREATE TABLE IF NOT EXISTS "order_item" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "sku" VARCHAR(100) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "quantity" INT NOT NULL,
    "price" VARCHAR(40) NOT NULL,
    "order_id" CHAR(36) NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_order_item_order_i_a417da" ON "order_item" ("order_id");
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
CREATE INDEX IF NOT EXISTS "idx_shipment_seller__f043b6" ON "shipment" ("seller_id");
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
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "at" TIMESTAMP NOT NULL,
    "actor_id" CHAR(36),
    "actor_role" VARCHAR(20) NOT NULL,
    "action" VARCHAR(60) NOT NULL,
    "subject_id" CHAR(36),
    "subject_type" VARCHAR(20) NOT NULL,
    "categories" JSON NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "details" JSON NOT NULL
) /* Who touched whose personal data, which categories, for what purpose (never the values). */;
CREATE INDEX IF NOT EXISTS "idx_audit_event_at_500752" ON "audit_event" ("at");
CREATE INDEX IF NOT EXISTS "idx_audit_event_actor_i_770e12" ON "audit_event" ("actor_id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_subject_4fcdeb" ON "audit_event" ("subject_id");
CREATE TABLE IF NOT EXISTS "consent_record" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "subject_id" VARCHAR(64) NOT NULL,
    "subject_type" VARCHAR(20) NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "granted" INT NOT NULL,
    "policy_version" VARCHAR(40) NOT NULL,
    "source" VARCHAR(40) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "cookie_id" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* One consent decision. Append-only: the latest record per (subject, purpose) is in force. */;
CREATE INDEX IF NOT EXISTS "idx_consent_rec_subject_5666d7" ON "consent_record" ("subject_id");
CREATE INDEX IF NOT EXISTS "idx_consent_rec_created_08a3c6" ON "consent_record" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_consent_rec_subject_eea3a5" ON "consent_record" ("subject_id", "purpose", "created_at");
CREATE TABLE IF NOT EXISTS "data_key" (
    "subject_id" CHAR(36) NOT NULL PRIMARY KEY,
    "subject_type" VARCHAR(20) NOT NULL,
    "master_key_id" VARCHAR(40) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "rotated_at" TIMESTAMP
) /* A subject's data key, wrapped by a keyring master key. Destroying it shreds the data. */;
CREATE TABLE IF NOT EXISTS "erasure_receipt" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "request_id" CHAR(36) NOT NULL,
    "recipient" VARCHAR(80) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "items" INT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_erasure_rec_request_c5f077" UNIQUE ("request_id", "recipient")
) /* A downstream recipient's answer to our request to delete a subject's data. */;
CREATE INDEX IF NOT EXISTS "idx_erasure_rec_request_e48f8d" ON "erasure_receipt" ("request_id");
CREATE TABLE IF NOT EXISTS "export_file" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "request_id" CHAR(36) NOT NULL,
    "subject_id" CHAR(36) NOT NULL,
    "path" TEXT NOT NULL,
    "master_key_id" VARCHAR(40) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "downloads" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* An encrypted export archive on disk; downloadable with a signed, expiring link. */;
CREATE INDEX IF NOT EXISTS "idx_export_file_request_720433" ON "export_file" ("request_id");
CREATE TABLE IF NOT EXISTS "guardian_verification" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "account_id" CHAR(36) NOT NULL UNIQUE,
    "guardian_email" TEXT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "attempts" INT NOT NULL,
    "verified_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL
) /* A child account waiting for (or holding) its guardian's verified consent. */;
CREATE TABLE IF NOT EXISTS "legal_hold" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "subject_id" CHAR(36) NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_by" CHAR(36) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "released_at" TIMESTAMP
) /* Data of a subject that must not be erased (litigation, investigation) until released. */;
CREATE INDEX IF NOT EXISTS "idx_legal_hold_subject_145ef4" ON "legal_hold" ("subject_id");
CREATE TABLE IF NOT EXISTS "policy_acceptance" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "account_id" CHAR(36) NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "accepted_at" TIMESTAMP NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    CONSTRAINT "uid_policy_acce_account_591b3a" UNIQUE ("account_id", "version")
) /* An account accepted a version of the privacy policy. */;
CREATE INDEX IF NOT EXISTS "idx_policy_acce_account_7c6b44" ON "policy_acceptance" ("account_id");
CREATE TABLE IF NOT EXISTS "privacy_request" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(30) NOT NULL,
    "state" VARCHAR(30) NOT NULL,
    "subject_type" VARCHAR(20) NOT NULL,
    "subject_id" CHAR(36) NOT NULL,
    "requester_id" CHAR(36),
    "source" VARCHAR(40) NOT NULL,
    "details" JSON NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "code_expires_at" TIMESTAMP,
    "code_attempts" INT NOT NULL,
    "verified_at" TIMESTAMP,
    "due_at" TIMESTAMP,
    "reminded_at" TIMESTAMP,
    "breach_at" TIMESTAMP,
    "refusal_reason" VARCHAR(40) NOT NULL,
    "refusal_detail" TEXT NOT NULL,
    "job_id" CHAR(36),
    "result" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "completed_at" TIMESTAMP
) /* A data-subject request, from receipt to completion or a reasoned refusal. */;
CREATE INDEX IF NOT EXISTS "idx_privacy_req_state_fe7059" ON "privacy_request" ("state");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_subject_d53e2b" ON "privacy_request" ("subject_id");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_due_at_f9a9dd" ON "privacy_request" ("due_at");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_created_0221ca" ON "privacy_request" ("created_at");
CREATE TABLE IF NOT EXISTS "tax_record" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "erasure_request_id" CHAR(36) NOT NULL,
    "order_ref" VARCHAR(64) NOT NULL,
    "platform" VARCHAR(40) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "total" VARCHAR(40) NOT NULL,
    "placed_on" DATE NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    CONSTRAINT "uid_tax_record_erasure_c5b5fa" UNIQUE ("erasure_request_id", "order_ref")
) /* What the law makes us keep of an erased seller's orders: amounts, de-identified. */;
CREATE INDEX IF NOT EXISTS "idx_tax_record_erasure_d0af2e" ON "tax_record" ("erasure_request_id");
CREATE TABLE IF NOT EXISTS "transfer" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "at" TIMESTAMP NOT NULL,
    "subject_id" CHAR(36) NOT NULL,
    "categories" JSON NOT NULL,
    "from_region" VARCHAR(8) NOT NULL,
    "to_region" VARCHAR(8) NOT NULL,
    "safeguard" VARCHAR(20) NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "actor_id" CHAR(36)
) /* Personal data of a subject read by a process serving another region. */;
CREATE INDEX IF NOT EXISTS "idx_transfer_at_b873ae" ON "transfer" ("at");
CREATE INDEX IF NOT EXISTS "idx_transfer_subject_fea1be" ON "transfer" ("subject_id");
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
    "eJztXWtz2zYW/SsYfakzo3gSv5L17uyMYsupWkfy2nLa3abDgUhIQk0RLEja8Xbz3xfgQ3"
    "xThETJEIMPeYjEBaUDELj33Af+6lA0w8SC5mFP14lnuZ1z8FfHggvE/pO/2QUdaNvJW/yS"
    "Cyem3x4mmk0cl0Kd9zeFpoPYJQM5OsW2y+TYVcszTX6R6KwhtmbxJc/Cf3pIc8kMuXNE2Y"
    "3ffmeXsWWgr8iJPtoP2hQj00h9YWzwZ/vXNffZ9q/d3w8ur/yW/HETTSemt7Di1vazOyfW"
    "srnnYeOQy/B7M2QhCl1kJH4G/5bhD44uBd+YXXCph5Zf1YgvGGgKPZOD0fnH1LN0jgHwn8"
    "T/Ovln+NUSzTRtOBprd/2xpnUEsNOJxXHHlsuB+utb0G8MiH+1wx9w8WPv9uD47JUPAXHc"
    "GfVv+nB1vvmC0IWBqA96YloQ9utzOF/MIe1b3sLHesC+BrR0lMM8ks2gzr70OnhHF2LA48"
    "m2hJI8sU4FEe6Mfhn2b8+BL/vFuhv3rq7OAftN0yn7dH9zM7ods8+ebRPqfrFubgefexf/"
    "1kZXV4MLLmdT/Aj1Z41Mp1j3e7i/6d/2Lj8Nhr4Y+5XGAludWqPYWcCvmomsmTtnH4/eVI"
    "zq596tP7BHb/yBJewVDF7NYXjnyL/FxzceT7SA2MwP6Bh9dYtfnKXA7kYxmvK7fUnG/V/H"
    "vOeF4/xpJmE8+NT71Ud48RzeuR4NP0bNE7BfXI8+FMGt+T+2+C2qAD0Wawb61QvWFoFPz+"
    "uzkxrz+uykdF7zW2mgbeg4T4Qa2hw6cxGoc4KtmOeZZeT0tM46cnpavpDwe2nE/X8FFpKo"
    "fSvw3fU6YmH9oRjw8pmdlNnhFrwt/SY9pd++qbM1slalU9q/l0Z5QSa4SN0pn9SxRAsQ3v"
    "Wk9g0I+iwypxMirVhHMut0nVW6fI3OTucJpu5cY6p9wZS+ZFeLIU5LZVDml128QIfR/RV4"
    "hyqGLHBX4HvZG/cz+DEriXWn8x+Xw+8DYcYNtIohTAtmIJwwyW3N1OUVAetHn2PTAPAJYp"
    "dBB2YepAaGFuDQocDA3wjYD6PRdWrp+DDIrg33nz702WLtz2zWCLv+5cFwnBkQ7GiQ2dOP"
    "BfO5cjxScjscjkjB3u1MbhBwnSIOiQbd4hWELwUlC3VKsmoV4f/Zx5Wb/UBjZJnP4ThXbZ"
    "6DT/27ce/TTWpU+ILD7xylds/o6sFZZp1fdgJ+GYx/BPwj+M9o2M9yOst24/90+HeCnks0"
    "izxp0EjYfNHVCLVvnGabPiQoIH5hAvWHJ7YcaKk7yQVyyp4611zygCyn4KUM5a9+vkUm9B"
    "HOT4Yl8Xgb9Dbmne3hhPgWvQLR1XhixIj5rNKmQN3xTj6hxQTto8pTC6eJ94zoxjPqA++l"
    "rRARajQA0Yj30laIHJfwVXHj14310lqI5theIC6xKUphR20Ciu+B5IiU7YrpW5lFXlv4Cz"
    "THtxzakYXGhP3V/Kovp+FVDPHiaJGBeAEtOPO/Je+OCxdrCYUOzKweUeXFTGkwtXyZnR4I"
    "hYAv1AUPyHYBYZoggA7ArgPufuy9Pjo9+zuArI8FZjewwxogYJIZtn5wgD5nEAAyBZS4/r"
    "g7h1kza4uPUT7XXVhhG/hcg9EUQTqWaBLt/JqxS4/RJtjGWPovj7BTKC2l3G8r3W/oq43Z"
    "IKxBFKQlW0gU7AkxEGGSYwaSw+w5a5FBCbEGBlhO1aYV40vRI1v51hnitKQaZZlHWbG65f"
    "tku1jd5KiHAZuamA6fllLa5bc8U56DOI/vFaEIz6yf0XMuYrLM3E+E4e4lsjlTn12m8Glp"
    "VGZmFoPAQCYKHFEXvbuL3mW/863cCSFEzQiTDEmupZBjyJAxVRRDkg2qyzD4MiBECDwR+s"
    "Bds1NCma3vINNEtAuesDsHzIAHNqIL7Djcvvc/Bw3AjEKLzRmA3SJyYQtPULyCBKtTt4JX"
    "SAxjHu6f7kbDkgjJtFh218e6C/4HTOxsjfpNYD/xsOliyznkz3sJ+DlMqQ0/FwiVjXnKjB"
    "PvIBcIpRSy71AhC1ZRQX0sJaTUsW9Sq7gvSvltRcMNpp9ScOsouKlXdXP9toaZEbkTdzEG"
    "Mszt5m2MDe2GIOCk0GJYxqJU2QqTZaNGUyp/CyIheMfoq4soeyyH5HelnsuknieHJgd3Ra"
    "5YWqyNYfG1cj2OKnI9jvK5HvKnL7Umz8NmgAlhvRRQYK+XcSoC9gsk+LYGbGbssfW9gE0p"
    "hzshogAXTxlTTIliShRTsjFT4tsDooAmZLaLpyyefcWTSMKT5KZuI8i2LbA/B2zihRXln1"
    "4qz0TOsJ8NUwOEeaQArUIeaQlkFY9Elo1egkf6LbH82SbUA63rd0UvKXpJjrd6F/SSF8V7"
    "1AU6lmghxlsp18J2eNcr2JnqVaeLpWXGu3PTH14Ohh/PgY0sgwH+xbrpDS7ZR4iNL9bV/f"
    "XV4Pq6zy5MPXOK2bLLrl70hhf94KrOf3tw9bZ/dT+85BcpYsuZEVSnePmSdLpHKbJ0sTow"
    "CRmZh2/N1+W4BsbHpRAfZxF2iQsLOMFLpOMFNMtSYEKZLFUSCB2GwnsIdVURmP7F4FPv+u"
    "DtSfcoUxwjgv0kN39jFSePcCUllRJsISO1JwxUrZj5KE9aq9p0SniTvOgOmV/P4s+3UfS9"
    "tr1y1dkejsu3h+Pc68XMVvyI6FpvWFZW5aXI/I4pcr/8JWsvue/ZxpqjnpZUoy7LqBe87M"
    "UFfgQdEEmZDfif1Sv4HvpzJPeQybInKheZcpFJiKzykcnrI8vtWo3gWrc0nZSb1UpUkzt1"
    "ClX2BcDw/vq6nusRu2jRjOdxwHpq0SwupCZUCbeX8dP6c6vcVxtNvZX+Wg1HLdV5Sq31wj"
    "oPnhB3GDRvoYtjKx5BF7tlx1WVeDkigRYifFwL4eMKhI/zCP/pQYuBVuCsG1glEc9JkQzM"
    "eC83G/Z92T+vj96evDt5f3x28p418b/o8sq7CuDzVdZtivWiIxqq3HNLGeWeW+GeC/dWod"
    "0tKaNChyvN+GWo2cYmUYOlqGW0iZJzSrZqN9zGL6lzE5r/1RVuokYNRxvazGaZEuorxSpx"
    "VVqdNjlMdRWvpEwLda+TOqrXSbnmld/GhE9/a9NxezsI2FThsbtEOyAI/RUFegwyiv+LRE"
    "/ZKu1D7gO3mlismzziiVgWWuOMs5ScOlNL6EwtAzGDmP2yPOTlecMZsbUWmt3ELnUcBE1k"
    "gINe/+71x4tPr4Bns++H4AJkfoR8+cXOs6VrukcdUmDTlA9ORkziwWkksGwbyJvQcTWO41"
    "qhQHlpFeonT/SPCvVrf9CXyuOXgIyTNaZGRj5uo/J86qRCdVKh3KEJy2COYl43EepRSe0m"
    "2zXM7i49BzqkFAf/5Q/glci1MBtWMb1SMb2JkaqdqRmLtJAcO6vDjZ2VU2Nn+RCGzBsgAH"
    "WBqIK8BuT7l0feCZPBBVePgmTywfBqpN32L/qDzzwzHFtTolGkI/zIU8YHQ2182xveDcb8"
    "lsbGxHKw+8Ua3Y+1q9Gtdtm/ZnK3/z4HxHO1KaFamHH3/MXqfe4Nrnsfrvt+y5vBxc/3N+"
    "cAPkLs/3S/tY31B8/+YoX98G+wTNn7YvV/vejfjAej4TlAX3Xk/wp+9WbgtwxOjlsrib35"
    "LEWfgECPPM1zTfYiKazIC5nJC3+dXWNp3vWSvLWqj9v2dS43Mq6TOi6iwt6Jkh6UZ0jMUa"
    "E4uu+Oo5M7XE6WPatFqZmK9FSk53lJvpuUwZ1SsHdZYDeJ7kwEIT02kcc1DpWf/qNK5hJg"
    "TNOwFdKmOWSruNOlDooet8SgJtnZSJMK6QhFnEpFnEajI6JFRzIt1J/3RF+uxQbsH3u4Rk"
    "iXIg63V94sBrpwDhUvDhmx1pFKp7Wijk8roo5P81HHJtGhKNBJmdahvJXY7mW9Q0GTNy2m"
    "eIQVVm9C99vYOmth5Ydu1vJNTy+5MvB+IpNOocHBb6wwM/4Im2yzaMRvvp7iT6E5gtSdIO"
    "iqmv67WQOqzApmXgplK0XtZdY15QkLeEniVsq6T5sy4dEasq6htOszIVlTT7hwcudf9/17"
    "bmYE0l+s2/vh0LedqGdZvu10d39x0e/7pfgdT9cRMni7K2b2+IX8maGznnXSfG1+Gz6bBB"
    "a8AT/djYYlmb2xSJa5wLoL/gdM7GxN0Ugs6hMPmy62nEP+2JdY1zlEKRIjlyaTzYjJvEK8"
    "g9wBiHOkP9gEFyl+5WOSllLD0viw2JTw245mFB51W1obJye3uwI5b7a1LTdeHSeEqOQUi9"
    "XYlh1lUQ9cyQKpmoYXui5a2EVOp1JgkyJqvmYBRZSKJY8uBVpAL+06azRljeYwr/avZGVV"
    "0KXMbhZkBfr0GgOdEVXjLPM4q6jD8p2qvVGH6hCQto16wcu+jOHJMesvwbn3PAO7FbE+if"
    "vdagYe8pYCUT6dX+YEuMRjVrkBnubEQcBG1OH9Ak71dtlFrM+BzibpjFCMnC6YEsquQhfY"
    "HrW5xIHFHkiBO0fgEZoecl4dZimjbT5HFZqWglwtdw2Ir6S7XEF3SV7v6QJaZ9tkqwwR9V"
    "AkZZSDogBOSsRqiKelWmDEb9upAHXRIJxYQnku63guvckfSBcOwElJqaWhEFIfD4GZm5VT"
    "y8PK5SFWR4VcXCkpOVxc/HntcXEFBoHI5E+ItG7eN79qG8iFuKgoaPmkT4jIMeP33qkrDT"
    "1xwX47stxbpBOatp9LmnSrSQo9aMxj9KPWK3mKkYVAKAf4wSIOu34IejZPAnhNmEV17vMC"
    "JptYjguCnjnFAA7Cba8b0QivAHYAtji9oKM8UbHNB9WKbkyrPvGyleCUVazjyxIaVUrtav"
    "1ru+XZd0pnpLehkzrb0En5NnRSZjzskaYL47TtfVR490Wz2mOLeEahJV7jPiG1w8oxL2ML"
    "N1g4xiYm1p+1R0QdQZ4nL9nC2d18vSSHeLToBLmKxXopoQCuATC2RcANWrfP4m1c1dAJec"
    "BIUKNLCbUO5K0ci7pfMTXKN7i2b1Aa9oLNKvgzeu4U8hbRzW41Y+Fbgg9hu5VcRQ+EBsgP"
    "jh/cAJhkFzxR9gRkgMkz8K/wyQAWkFcE5B8PwSViHZNnfhm7wJlTZDg+18D7yBMVW3vKBv"
    "EUL+zt+c7piP0xk3emfzVvIQfvEl8MBJWFnGAL4W5e3Q3Xs2jxrZvIkBFrBdS7TmjYL1VN"
    "BcKur6slR50Sd81RT0uq1AZ5op0l08j7FDoeRbe8RJddEvKcabNCP0dB66Dql10z9LkHDP"
    "LER5gfB8kksY2RxbVpaDlPPM6YAOJRdofNPsflH4MyLUyxTmveRbp5k10XFlwMZUNdYvkM"
    "VW1RLt08PUx10U5LqaLLacUknuwC6ndKqBX6YFr1fl9H9X5frnq/FzqLpsSg3IsKktKYkt"
    "hFC5Fk92V7leme9fMF0WciFmIs0QLiftemodwZPcoUbAFt3/9qE8reXf9XFxkI8f1VxoHf"
    "kj05bLraMLAAsnT6bLNJCAJpAKk+x48IMF3UwM7D330FnxeX4k8BT9idc90dzyxkdIOqvp"
    "xhN7H1UGAdNN+/yoGUQkdVdsBLJMLI4m2Sl58SANWGTNsV0KOi9q3Q+HetRylnknImfR8z"
    "3cH/LfBNf8CzUms3kmiNsfu3o6Pj43dHb47P3p+evHt3+v7N0urN36oyfz8MPnILOIV53i"
    "R25vDo9EyIvllKtMAk3nbAYHByh7NODbCUZAtN4j0xgUsdZSliKTTDRHi6lExrlq/GuDoV"
    "V1AOtSKTtkImffRYJxhanxHFUxyeolNIKxW27FYTTLNQhieLpIVq+KD1OTYNEKaNgSeIXU"
    "7s8NpXB+zPnJj8jKtXALsOiJ7zgwOCJyEjSlUtckE32LOil6Sw0itKbAWjLFx/KSm1W9Sl"
    "J0KWbzVaCLqW8pLKZFwn/pAYSJtDp4COqkrJSQi1AnZlyEg54yVSv2oZMqq4fsNmTKQorf"
    "HiZERVqKzML44yV8tfKWWubsVcvUYzaP5IMpZUwe1utWFq8obaPGq50hrl2ZCATOMoZODy"
    "+ssLz3GBRVwwQYBHWjPj8MBk1uTMN3S7AFuPyIk+vgLMosAmoMhEvGneMt3aU5SVKoUJtV"
    "7dJDkc9vtnprIl2CmqbFJunsYSrbCPdm2W2ibU2aY+KXAhl8/hlJCKOVEege9UxUqvXMHe"
    "vU6qYVpUGVCyGVDSqNI3fhmvnq4jOzjMt1CjzrVaoViHxcFgWqBOYHHkjglEmY4LQVhijK"
    "vEvA6HTfEj1J9B8IzC6OG1OinMIkx7AKJiZyqHUCq1WTbnThvU5jUqAqpSgGLRltHqtMb+"
    "nhFVep0sG34dvU5VKOw05aeTR40K9InbIB+lRIlKt1mlQgWtNZpoXqdkA9skX0e8YSjbBV"
    "NK/DoLvPgDr6agk4VtIn/XJ5RpRwHlwRQliqaew75rXqtqsmdFREqx25drVA/s94ksUlH7"
    "Fu77x3X2/ePyff+4sG6AWB26SGBnNfE7/hv9iIzdbAZbwHjvSv7te2V85bvYhu/C32WR6L"
    "mRWbmtHhAnC+8nkhi7F0XYOw4yp5qD6CMOHr2PRq46KWv9Gb2Vs+H2KWp0r2zRHMjrB44W"
    "iCsXjmwunNx4rxFBmpNTYaQqjPT7fIUMD60xxLHUTkZXEhNi7waXogUHcb1QhpSoeollHu"
    "cJRVCfrzHKKUE1xjKPcUjka2WBlVUlZrOSrTMlmjegI9DEK3jmJVsA966jWf8gE0HyLZZQ"
    "tFt2Kjv8W+WwLKeCYgnFBDXPBO1VVLE6aq6R4BPPNtYc9LSkCjmSZdQLlLbw2yf5KT8qY7"
    "2XPSOrtHN5BlqyYPIx/HqLdEJL8jLj293q2CeXqdQ0brky7OkXnh/Jw7pN+AQW8AE5wHPA"
    "A0K2n0dpRfmSDjJNRH9wAOsZUeccwAV3uTtdYKDX2ECW6/OF+einbTygMN48PqgnWdjY74"
    "1dm6rIc7nipIqHqy7qxdIqCCKtpsaTPwdtOdWQEmphVFrzLkvbhO6U0IUIykmZFoLcPJmj"
    "e5QiSy9Ija3wvSdkWgjycZ3Qv/LIvyzCLnFhAUt2iXS8gGYxwkuZrGobCB2GwnsIdQW2l/"
    "2Lwafe9cHbk+6RDy/TYrGLslO7MLe7iPblRkTpKhELVVkPLQOYmQO5sBCmDFKxtz8WaeHL"
    "f1QnCrU8CFWqFJAxhZYz9RX5ItsnurvK9Em2W2n43DAjg3cRHHCfqhnDyYzglHubEh05Dv"
    "AjCa0ZM1cINzhA8Py8sdNUpyrLQwpNuiJvVupTyhTh2wjhq+Lyt1CPhf3eGaEYCcU1p6Xk"
    "cGjx57XGocVzEbVgAxJRsTJiLVSz3tdQs96Xn3ybt7HWQDklpDBehbEDp8ivky2CcUqohR"
    "g3n7Vme5StKkKpQAmRFsTTZGjFOgCflQN8VlDkwiWi6WtJGRVDI5GJ20MU6/NOoYEb3utW"
    "m7cwbrXKuC0HtmHDsvw88aIZWJCSEU60zQzKbS6ijaRklNuRqlZQdp86Pa2zUZ2elu9U/F"
    "5mJbWF6saEzVuI7ts3dXYp1qoUXf9elpq1XGQJBScmRHZvzL3MRtWY2faiW9q3/wPZB22z"
)
