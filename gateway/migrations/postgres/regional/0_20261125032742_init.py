from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "account" (
    "id" UUID NOT NULL PRIMARY KEY,
    "role" VARCHAR(20) NOT NULL,
    "email" TEXT NOT NULL,
    "email_index" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "name" TEXT NOT NULL,
    "nickname" VARCHAR(100) NOT NULL,
    "mobile" TEXT NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "birth_date" DATE,
    "restricted" BOOL NOT NULL,
    "is_active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "account"."role" IS 'OWNER: owner\nSTAFF: staff\nSUPPORT: support\nPRIVACY_OFFICER: privacy_officer\nSUPERADMIN: superadmin';
COMMENT ON COLUMN "account"."restricted" IS 'child awaiting guardian consent';
CREATE TABLE IF NOT EXISTS "refresh_token" (
    "id" UUID NOT NULL PRIMARY KEY,
    "family" UUID NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_family_00f3ac" ON "refresh_token" ("family");
COMMENT ON TABLE "refresh_token" IS 'A refresh token, kept only as its SHA-256; a family is one login''s chain of rotations.';
CREATE TABLE IF NOT EXISTS "staff_member" (
    "id" UUID NOT NULL PRIMARY KEY,
    "permissions" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "seller_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "account_id" UUID NOT NULL UNIQUE REFERENCES "account" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "staff_member" IS 'A staff account working for a seller, with the permissions the seller granted it.';
CREATE TABLE IF NOT EXISTS "store" (
    "id" UUID NOT NULL PRIMARY KEY,
    "platform" VARCHAR(40) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "external_id" VARCHAR(200) NOT NULL,
    "buyer_data_authorized" BOOL NOT NULL,
    "connected" BOOL NOT NULL,
    "credentials" TEXT,
    "sync_cursor" TEXT,
    "last_synced_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "seller_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_store_platfor_692a72" UNIQUE ("platform", "external_id")
);
COMMENT ON COLUMN "store"."credentials" IS 'sealed (AES-GCM) upstream credentials';
CREATE TABLE IF NOT EXISTS "buyer" (
    "id" UUID NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(200) NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "seller_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "store_id" UUID NOT NULL REFERENCES "store" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_buyer_store_i_f20847" UNIQUE ("store_id", "external_id")
);
CREATE TABLE IF NOT EXISTS "order" (
    "id" UUID NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(200) NOT NULL,
    "number" VARCHAR(100) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "placed_at" TIMESTAMPTZ NOT NULL,
    "shipment_status" VARCHAR(30) NOT NULL,
    "delivered_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "buyer_id" UUID REFERENCES "buyer" ("id") ON DELETE SET NULL,
    "seller_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "store_id" UUID NOT NULL REFERENCES "store" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_order_store_i_616921" UNIQUE ("store_id", "external_id")
);
CREATE INDEX IF NOT EXISTS "idx_order_seller__d2a6d4" ON "order" ("seller_id", "placed_at");
COMMENT ON COLUMN "order"."status" IS 'PENDING: pending\nPAID: paid\nFULFILLED: fulfilled\nCANCELLED: cancelled\nREFUNDED: refunded';
CREATE TABLE IF NOT EXISTS "order_item" (
    "id" UUID NOT NULL PRIMARY KEY,
    "sku" VARCHAR(100) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "quantity" INT NOT NULL,
    "price" DECIMAL(14,2) NOT NULL,
    "order_id" UUID NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "shipment" (
    "id" UUID NOT NULL PRIMARY KEY,
    "carrier" VARCHAR(60) NOT NULL,
    "tracking_number" VARCHAR(60) NOT NULL,
    "status" VARCHAR(30) NOT NULL,
    "last_event_at" TIMESTAMPTZ,
    "tracker" VARCHAR(40) NOT NULL,
    "tracking_registered" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "order_id" UUID NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE,
    "seller_id" UUID NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_shipment_order_i_1459aa" UNIQUE ("order_id", "carrier", "tracking_number")
);
COMMENT ON COLUMN "shipment"."status" IS 'PENDING: pending\nINFO_RECEIVED: info_received\nIN_TRANSIT: in_transit\nOUT_FOR_DELIVERY: out_for_delivery\nAVAILABLE_FOR_PICKUP: available_for_pickup\nDELIVERED: delivered\nEXCEPTION: exception\nEXPIRED: expired';
CREATE TABLE IF NOT EXISTS "tracking_event" (
    "id" UUID NOT NULL PRIMARY KEY,
    "time" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(30) NOT NULL,
    "description" VARCHAR(500) NOT NULL,
    "location" VARCHAR(200) NOT NULL,
    "shipment_id" UUID NOT NULL REFERENCES "shipment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tracking_ev_shipmen_5a115e" UNIQUE ("shipment_id", "time", "status")
);
COMMENT ON COLUMN "tracking_event"."status" IS 'PENDING: pending\nINFO_RECEIVED: info_received\nIN_TRANSIT: in_transit\nOUT_FOR_DELIVERY: out_for_delivery\nAVAILABLE_FOR_PICKUP: available_for_pickup\nDELIVERED: delivered\nEXCEPTION: exception\nEXPIRED: expired';
CREATE TABLE IF NOT EXISTS "job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(60) NOT NULL,
    "seller_id" UUID,
    "state" VARCHAR(20) NOT NULL,
    "payload" JSONB NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "progress_done" INT NOT NULL,
    "progress_total" INT,
    "attempts" INT NOT NULL,
    "error" TEXT NOT NULL,
    "heartbeat_at" TIMESTAMPTZ,
    "enqueued_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_job_seller__8df7e1" ON "job" ("seller_id");
CREATE INDEX IF NOT EXISTS "idx_job_state_0efc97" ON "job" ("state", "heartbeat_at");
COMMENT ON COLUMN "job"."state" IS 'QUEUED: queued\nRUNNING: running\nSUCCEEDED: succeeded\nFAILED: failed';
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" UUID NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "actor_id" UUID,
    "actor_role" VARCHAR(20) NOT NULL,
    "action" VARCHAR(60) NOT NULL,
    "subject_id" UUID,
    "subject_type" VARCHAR(20) NOT NULL,
    "categories" JSONB NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "details" JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_audit_event_at_500752" ON "audit_event" ("at");
CREATE INDEX IF NOT EXISTS "idx_audit_event_actor_i_770e12" ON "audit_event" ("actor_id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_subject_4fcdeb" ON "audit_event" ("subject_id");
COMMENT ON TABLE "audit_event" IS 'Who touched whose personal data, which categories, for what purpose (never the values).';
CREATE TABLE IF NOT EXISTS "consent_record" (
    "id" UUID NOT NULL PRIMARY KEY,
    "subject_id" VARCHAR(64) NOT NULL,
    "subject_type" VARCHAR(20) NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "granted" BOOL NOT NULL,
    "policy_version" VARCHAR(40) NOT NULL,
    "source" VARCHAR(40) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "cookie_id" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_consent_rec_subject_5666d7" ON "consent_record" ("subject_id");
CREATE INDEX IF NOT EXISTS "idx_consent_rec_created_08a3c6" ON "consent_record" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_consent_rec_subject_eea3a5" ON "consent_record" ("subject_id", "purpose", "created_at");
COMMENT ON TABLE "consent_record" IS 'One consent decision. Append-only: the latest record per (subject, purpose) is in force.';
CREATE TABLE IF NOT EXISTS "data_key" (
    "subject_id" UUID NOT NULL PRIMARY KEY,
    "subject_type" VARCHAR(20) NOT NULL,
    "master_key_id" VARCHAR(40) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "rotated_at" TIMESTAMPTZ
);
COMMENT ON TABLE "data_key" IS 'A subject''s data key, wrapped by a keyring master key. Destroying it shreds the data.';
CREATE TABLE IF NOT EXISTS "erasure_receipt" (
    "id" UUID NOT NULL PRIMARY KEY,
    "request_id" UUID NOT NULL,
    "recipient" VARCHAR(80) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "items" INT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_erasure_rec_request_c5f077" UNIQUE ("request_id", "recipient")
);
CREATE INDEX IF NOT EXISTS "idx_erasure_rec_request_e48f8d" ON "erasure_receipt" ("request_id");
COMMENT ON TABLE "erasure_receipt" IS 'A downstream recipient''s answer to our request to delete a subject''s data.';
CREATE TABLE IF NOT EXISTS "export_file" (
    "id" UUID NOT NULL PRIMARY KEY,
    "request_id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "master_key_id" VARCHAR(40) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "downloads" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_export_file_request_720433" ON "export_file" ("request_id");
COMMENT ON TABLE "export_file" IS 'An encrypted export archive on disk; downloadable with a signed, expiring link.';
CREATE TABLE IF NOT EXISTS "guardian_verification" (
    "id" UUID NOT NULL PRIMARY KEY,
    "account_id" UUID NOT NULL UNIQUE,
    "guardian_email" TEXT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "attempts" INT NOT NULL,
    "verified_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "guardian_verification" IS 'A child account waiting for (or holding) its guardian''s verified consent.';
CREATE TABLE IF NOT EXISTS "legal_hold" (
    "id" UUID NOT NULL PRIMARY KEY,
    "subject_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "released_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_legal_hold_subject_145ef4" ON "legal_hold" ("subject_id");
COMMENT ON TABLE "legal_hold" IS 'Data of a subject that must not be erased (litigation, investigation) until released.';
CREATE TABLE IF NOT EXISTS "policy_acceptance" (
    "id" UUID NOT NULL PRIMARY KEY,
    "account_id" UUID NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "accepted_at" TIMESTAMPTZ NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    CONSTRAINT "uid_policy_acce_account_591b3a" UNIQUE ("account_id", "version")
);
CREATE INDEX IF NOT EXISTS "idx_policy_acce_account_7c6b44" ON "policy_acceptance" ("account_id");
COMMENT ON TABLE "policy_acceptance" IS 'An account accepted a version of the privacy policy.';
CREATE TABLE IF NOT EXISTS "privacy_request" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(30) NOT NULL,
    "state" VARCHAR(30) NOT NULL,
    "subject_type" VARCHAR(20) NOT NULL,
    "subject_id" UUID NOT NULL,
    "requester_id" UUID,
    "source" VARCHAR(40) NOT NULL,
    "details" JSONB NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL,
    "code_expires_at" TIMESTAMPTZ,
    "code_attempts" INT NOT NULL,
    "verified_at" TIMESTAMPTZ,
    "due_at" TIMESTAMPTZ,
    "reminded_at" TIMESTAMPTZ,
    "breach_at" TIMESTAMPTZ,
    "refusal_reason" VARCHAR(40) NOT NULL,
    "refusal_detail" TEXT NOT NULL,
    "job_id" UUID,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "completed_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_privacy_req_state_fe7059" ON "privacy_request" ("state");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_subject_d53e2b" ON "privacy_request" ("subject_id");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_due_at_f9a9dd" ON "privacy_request" ("due_at");
CREATE INDEX IF NOT EXISTS "idx_privacy_req_created_0221ca" ON "privacy_request" ("created_at");
COMMENT ON TABLE "privacy_request" IS 'A data-subject request, from receipt to completion or a reasoned refusal.';
CREATE TABLE IF NOT EXISTS "tax_record" (
    "id" UUID NOT NULL PRIMARY KEY,
    "erasure_request_id" UUID NOT NULL,
    "order_ref" VARCHAR(64) NOT NULL,
    "platform" VARCHAR(40) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "placed_on" DATE NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    CONSTRAINT "uid_tax_record_erasure_c5b5fa" UNIQUE ("erasure_request_id", "order_ref")
);
CREATE INDEX IF NOT EXISTS "idx_tax_record_erasure_d0af2e" ON "tax_record" ("erasure_request_id");
COMMENT ON TABLE "tax_record" IS 'What the law makes us keep of an erased seller''s orders: amounts, de-identified.';
CREATE TABLE IF NOT EXISTS "transfer" (
    "id" UUID NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "subject_id" UUID NOT NULL,
    "categories" JSONB NOT NULL,
    "from_region" VARCHAR(8) NOT NULL,
    "to_region" VARCHAR(8) NOT NULL,
    "safeguard" VARCHAR(20) NOT NULL,
    "purpose" VARCHAR(60) NOT NULL,
    "actor_id" UUID
);
CREATE INDEX IF NOT EXISTS "idx_transfer_at_b873ae" ON "transfer" ("at");
CREATE INDEX IF NOT EXISTS "idx_transfer_subject_fea1be" ON "transfer" ("subject_id");
COMMENT ON TABLE "transfer" IS 'Personal data of a subject read by a process serving another region.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz27a2/SsYfakzo3gSv5KTc+fOKLbcqnUkX1tOe07T4UAkJKGmCBYk7fj05L9fgA"
    "/xTREyKUMMPuQhEhuUFkBg77Uf+LtH0QITC5qHA10nnuX2PoC/exZcIfaf/M0+6EHbTt7i"
    "l1w4M/32MNFs5rgU6ry/OTQdxC4ZyNEptl0mx65anmnyi0RnDbG1iC95Fv7LQ5pLFshdIs"
    "pu/P4Hu4wtA31FTvTRvtfmGJlG6gtjgz/bv665T7Z/7e5udHHpt+SPm2k6Mb2VFbe2n9wl"
    "sdbNPQ8bh1yG31sgC1HoIiPxM/i3DH9wdCn4xuyCSz20/qpGfMFAc+iZHIze/8w9S+cYAP"
    "9J/K+T/w2/WqKZpo0nU+12ONW0ngB2OrE47thyOVB/fwv6jQHxr/b4A85/GtwcHJ+98iEg"
    "jrug/k0frt43XxC6MBD1QU9MC8J+fQ7n8yWkQ8tb+ViP2NeAlo5ymEeyGdTZl94G7+hCDH"
    "g82dZQkkfWqSDCvcmv4+HNB+DLfrFup4PLyw+A/ab5nH26u76e3EzZZ8+2CXW/WNc3o8+D"
    "839pk8vL0TmXsyl+gPqTRuZzrPs93F0PbwYXn0ZjX4z9SmOFrV6tUeyt4FfNRNbCXbKPR2"
    "8qRvXz4MYf2KM3/sAS9goGr+Y4vHPk3+LjG48nWkFs5gd0ir66xS/OWmB3oxhN+d2+JNPh"
    "b1Pe88px/jKTMB58GvzmI7x6Cu9cTcY/Rs0TsJ9fTT4Wwa35P7b4LaoAPRZrBvrNC1aLwK"
    "fn9dlJjXl9dlI6r/mtNNA2dJxHQg1tCZ2lCNQ5wU7M88wycnpaZx05PS1fSPi9NOL+vwIL"
    "SdS+E/jueh2xsH5fDHj5zE7K7HALbku/SU/pt2/qbI2sVemU9u+lUV6RGS5Sd8ondSzRAY"
    "R3Pal9A4I+iczphEgn1pHMOl1nlS5fo7PTeYapu9SYal8wpS/Y1WKI01IZlPllF6/QYXR/"
    "A96hiiEL3BX4Xgymwwx+zEpi3en8x+Xw+0iYcQOtYgjTghkIZ0yyrZm6viJg/ehLbBoAPk"
    "LsMujAwoPUwNACHDoUGPjPAvbjZHKVWjo+jrJrw92nj0O2WPszmzXCrn95NJ5mBgQ7GmT2"
    "9EPBfK4cj5TcDocjUrB3O5MbBFyniEOiQbd4BeFLQclCnZKsWkX4f/Zx5WY/0JhY5lM4zl"
    "Wb5+jT8HY6+HSdGhW+4PA7R6ndM7p6cJZZ59edgF9H058A/wj+PRkPs5zOut303z3+naDn"
    "Es0ijxo0EjZfdDVC7Run2eb3CQqIX5hB/f6RLQda6k5ygZyzpy41l9wjyyl4KUP5y19ukA"
    "l9hPOTYU083gS9TXlnezghvkWvQHQ1nhgxYj6r9Fygbnknn9BqhvZR5amF08x7QvTZM+oj"
    "76WrEBFqNADRhPfSVYgcl/BV8dmvG+ulsxAtsb1CXOK5KIUddQkovgeSI1K2K6ZvZRZ5be"
    "Uv0BzfcmgnFpoS9lfzq76chlcxxKujVQbiFbTgwv+WvDsuXKwlFDows3pElRczpcHU8mX2"
    "BiAUAr5QH9wj2wWEaYIAOgC7Drj9afD66PTsnwCyPlaY3cAOa4CASRbY+sEB+pJBAMgcUO"
    "L64+4cZs2sFh+jfK67sMKe4XMNRlME6ViiSbTza8YuPUbPwTbG0n95hJ1CaSnlftvofkNf"
    "bcwGYQuiIC3ZQaJgT4iBCJMcM5AcZs/ZigxKiDUwwHKqNp0YX4oe2Mq3zRCnJdUoyzzKit"
    "Ut3ye7xeomRz0M2NTEdPi0VLvapSwv9Ab1MkeV5zDOA3xJKMIL6xf0lAuZLLP3E3G4+wlt"
    "zthnlyl8XJuVmbnFMDCQiQJX1Png9nxwMex9K3dDCJEzwjRDkm0pZBkydEwVyZDkg+pyDL"
    "4MCBECj4Tec+fsnFBm7TvINBHtg0fsLgEz4YGN6Ao7Drfw/c9BA7Cg0GKTBmC3iF5o4QmK"
    "WZBgeepXMAuJYczD/fPtZFwSI5kWy+77WHfBf4GJndYWqwT2Mw+bLracQ/68l4Cfw5Ta8n"
    "OhUNmop8w48Q5yoVBKJfsOVbJgFRXUyFJCSiHLvEiyabkvyvq1ouMG80+puLVU3NTL+nwN"
    "t4alEbkUdzEIMkzu5q2MZ1oOQdBJoc2wjkepshZm60aNplX+HkRD8I7RVxdR9lgOyR9KQZ"
    "dJQU8OTQ7uinyxtFgXQ+Nr5XscVeR7HOXzPeRPYepMrofNABPCei2gwN4u61QE7BdI8u0M"
    "2MzcY+t7AZ9SDndCRAEunjamuBLFlSiu5PlciW8QiCKakFGAKqZkl0xJbu42Am3XwvtzwC"
    "beWFEG6qWyTeQM/nlmgoAwkxSgVcgkrYGsYpLIutFLMEm/J9Y/24R6oHf9oQgmRTDJ8Vbv"
    "gmDyopiPukDHEh3EuJWiLWyHd72CnalejbpYWma8e9fD8cVo/OMHYCPLYIB/sa4Howv2EW"
    "Lji3V5d3U5uroasgtzz5xjtuyyq+eD8fkwuKrz3x5cvRle3o0v+EWK2HJmBDUqXr4wne5R"
    "iixdrBpMQkbm4dvydTmugfFxKcTHWYRd4sICVvAC6XgFzbJEmFAmS5YEQoeh8B5CXVUKZn"
    "g++jS4Onh70j/KlMiIYD/Jzd9YxckjXElKpQQ7yEntCQdVK3I+ypbWqjadEuIkL7pD7tez"
    "+PNtFH2vtleuOtvDcfn2cJx7vZjZih8Q3eoNy8qq7BSZ3zFF75e/ZN2l9z3b2HLU05Jq1G"
    "UZ9YKXvbjMj6AHIinzDP5nf1ZwEY+OcpIpJ5mEgConmXKSyQ3sRidZbttqBNe6Ferk3K02"
    "wprcq1Owsi8AxndXV/Wcj9hFq2Z8jyPWU4emcSE5oUq5vYyn1p9b5d7aaOpt9NhqOGqpzl"
    "XqrB/WufeE2MOgeQedHK34BF3slh1bVeLniAQ6iPBxLYSPKxA+ziP8lwctBlqBu25klUQ9"
    "J0UyMOO93GzY92X/vD56e/Lu5P3x2cl71sT/ousr7yqAz1dbtynWi45qqHLQrWWUg26Dgy"
    "7cW4V2t6SMMuSrDfl1tNmzjaKu1aTuZ6yi5KySreoNN/NL6t2EDEB1pZuoUcMRhzazWuaE"
    "+mqxSl+VVqtNDlNd1Ssp00Ht66SO8nVSrnvlNzLhc+C6dPDeDoI2VYjsLtEOKEJ/RYEeg4"
    "zi/yDR87ZK+5D76K0mFusmD3siloW2OO0sJadO1xI6XctAzCRmvywPeXn2cEZsq4VmN/6E"
    "noOgiQxwMBjevv7x/NMr4Nns+yG4ApkfIV+WsfNk6ZruUYcUGDXlg5MRk3hwGgkuawN5Ez"
    "quxnHcKhwoL63C/eSJAFLhft0P/FLZ/DLQcSquZldl+tSpherUQrnDE9YBHcXMbiLco5Lc"
    "TbZrmN9dOw90SCkO/ssfwGuSa2FOrOJ6peJ6EyNVO18zFukgPXZWhx07KyfHzvJhDJk3QA"
    "DqAlEFeQ3I9y+bvBemhAuuHgUp5aPx5US7GZ4PR595fji25kSjSEf4gSeOj8ba9GYwvh1N"
    "+S2NjYnlYPeLNbmbapeTG+1ieMXkbv71ARDP1eaEamHe3dMXa/B5MLoafLwa+i2vR+e/3F"
    "1/APABYv+n+61trN979hcr7Id/g3Xi3hdr+Nv58Ho6mow/APRVR/6v4FevR37L4BS5rVLZ"
    "m89V9CkI9MCTPbfkL5LCir6Qmb7w19ktluZdL8mtVX9s29u53si4Tuq4iAr7J0p6UL4hMV"
    "eFYum+O5ZOhcyp/EwZIVW054ukE6oIz11EeCYCkR6ayOaahurP8EGldAlwpmnYConTHLJV"
    "7OlaC0UPLXGoSX420qVCQkJRp1JRp9HoiOjRkUwHNeg90Zhr8QH7xx9uEdalqMP2ypzFQB"
    "fOoeLFISPWOVrptFbk8WlF5PFpPvLYJDoUBTop0zmUW4nvXtc9FDR602LK7N1g9iZ0v2db"
    "Zx2s/9DPWr7p6SVXFt7PZNYrNDj4jQ1mxp9hkzZLR/zu6yn+FFoiSN0Zgq6q7b+bNaDKrG"
    "DmpVDGUtReZl1TnsCAl6RuNztw9+NY6aylVJLHWM9Q2vXpkKypJ1xAufd/d8M7bmYE0l+s"
    "m7vx2LedqGdZvu10e3d+Phz6JfkdT9cRMni7S2b2+AX9maGznXXSfI1+Gz6ZBBa8AT/fTs"
    "Yl2b2xSJa5wLoL/gtM7LSmaCQW9ZmHTRdbziF/7Eus6xyiFImRS5XJZsVkXiHeQe4oxCXS"
    "722CixS/8jFJS6lhaXxYbEr4bUczCg+9La2Qk5PbXZmcN21ty43XyAkhKjnNYjO2ZUda1A"
    "NXslCqpuGFrotWdpHTqRTYpIiar1lAEaViCaRrgQ7QS7vOHE1ZoznMq/0rWVkVdimzmwVZ"
    "gT69xUBnRNU4yzzOKu6wfKfqbtyhOgyka6Ne8LKvY3hyzPpLcO4Dz8BuRaxP4n6/moGHvK"
    "VAlE/v1yUBLvGYVW6AxyVxELARdXi/gFO9fXYR60ugs0m6IBQjpw/mhLKr0AW2R20ucWCx"
    "B1LgLhF4gKaHnFeHWcqozeeoctNSkKvlrgHxlXSXK+guyes9XUDrbJtslSGiHoqkjHJQFM"
    "BJiVgl8bRUB4z4tp0KUBcNwokllOeyjufSm/2JdOEAnJSUWhoKIfXxEJi5WTm1PGxcHmJ1"
    "VMjFlZKSw8XFn9cdF1dgEIhM/oRI5+Z986u2gVyIiwqDlk/6hIgcM37vnbrS0BPn7Lcjy7"
    "1BOqFp+7mkSb+apNCDxjxGP2q9kaeYWAiEcoAfL+Kw64dgYPMkgNeEWVQffF7AZBPLcUHQ"
    "M6cYwEG47fUjGuEVwA7AFqcXdJQnKtp8UK3oxrTqEy9bCU5ZxTq+LKFRpdRu1r/aLdG+Uz"
    "ojvQ2d1NmGTsq3oZMy42GPNF0Y523vo8K7L5rVHlvECwot8Tr3Cakd1o55GVu4wdIxNjGx"
    "/qQ9IOoI8jx5yQ7O7uYrJjnEo0XnyFUs1msJBXANgLEtAm7QunsWb+Oqhk7IPUaCGl1KqH"
    "Mgt3I46n7F1Cjf4Na+QWnYCzar4C/oqVfIW0Q3+9WMhW8J3oftNnIVAxAaID84fnADYJJ9"
    "8EjZE5ABZk/Av8InA1hBXhOQfzwEF4h1TJ74ZewCZ0mR4fhcA+8jT1S09pRnxFO8sLfnO6"
    "cj9sdM3pn+1byFHLxLfDEQVBZygh2Eu3l1N1zPosW3biJDRqwTUO86oWG/VDUVCLu9rpYc"
    "dUrcLUc9LalSG+SJdpZMIx9S6HgU3fASXXZJyHOmzQb9HAWtg6pfds3Q5wEwyCMfYX4kJJ"
    "PENkYW16ah5TzyOGMCiEfZHTb7HJd/DMq0MMU6rXkX6eZNdl1YcDGUDXWJ9TNUtUW5dPP0"
    "MNVFOy3Vbv2p/QuAiye7gPqdEuqEPphWvd/XUb3fl6ve74VOoykxKPeigqQ0piR20Uok2X"
    "3dXmW6Z/18QfSZiIUYS3SAuN+1aSh3Ro8yBTtA2w+/2oSyd9f/1UUGQnx/k3Hgt2RPDptu"
    "NgwsgCydPtlsEoJAGkCqL/EDAkwXNbBz/09fwefFpfhTwCN2l1x3xwsLGf2gqi9n2E1s3R"
    "dYB833r3IgpdBRlR3wEokwsnib5OWnBEC1IdN2BfSoqH0nNP5d61HKmaScSd/HTHfwfwp8"
    "0x/xotTajSQ6Y+z+4+jo+Pjd0Zvjs/enJ+/enb5/s7Z687eqzN+Pox+5BZzCPG8SO0t4dH"
    "omRN+sJTpgErcdMBic3OFsUwMsJdlBk3hPTOBSR1mKWArNMBGeLiXTmeWrMa5OxRWUQ63I"
    "pFbIpB891gmG1mdE8RyHp+gU0kqFLfvVBNMilOHJImmhGj5ofYlNA4RpY+ARYpcTO7z21Q"
    "H7syQmP+PqFcCuA6Ln/OCA4EnIiFJVi1zQDfas6CUprPSKElvBKAvXX0pK7RZ16YmQ9VuN"
    "VoKupbykMhm3iT8kBtKW0Cmgo6pSchJCnYBdGTJSzniJ1K9ahowqrt+wGRMpSlu8OBlRFS"
    "or84ujzNXyV0qZq62Yq1doAc2fSMaSKrjdrzZMTd5QW0YtN1qjPBsSkHkchQxcXn955Tku"
    "sIgLZgjwSGtmHB6YzJpc+IZuH2DrATnRx1eAWRTYBBSZiDfNW6atPUVZqVKYUNvVTZLDYb"
    "9/Zipbgp2iyibl5mks0Qn7aNdmqW1CnW3qswIXcvkcTgmpmBPlEfhOVaz0yhXs3dukGqZF"
    "lQElmwEljSp97ZfxGug6soPDfAs16lyrDYp1WBwMpgXqBBZH7phAlOm4EIQlxrhKzOtw2B"
    "Q/QP0JBM8ojB7eqpPCLMK0ByAqdqZyCKVSm2Vz7nRBbd6iIqAqBSgWbRmtTlvs7xlRpdfJ"
    "suHX0etUhcJeU346edSoQJ+4CfJRSpSodJtNKlTQWqOJ5nVKNrBN8nXEG4ayfTCnxK+zwI"
    "s/8GoKOlnZJvJ3fUKZdhRQHkxRomjuOey75rWqJntWRKQUu325RnXPfp/IIhW17+C+f1xn"
    "3z8u3/ePC+sGiNWhiwR2VhO/57/RD8jYzWbQAsZ7V/Jv3yvjK99FG74Lf5dFoudGZuVaPS"
    "BOFt5PJDF2L4qw9xxkzjUH0QccPHofjVx1Utb2M7qVs+H2KWp0r2zRHMjbB44WiCsXjmwu"
    "nNx4bxFBmpNTYaQqjPT7fIUMD20xxLHUTkZXEhNi7waXohUHcbtQhpSoeollHucZRVBfbj"
    "HKKUE1xjKPcUjka2WBlVUlZrOSnTMlmjegI9DEK3jmJTsA966jWf8kM0HyLZZQtFt2Kjv8"
    "W+WwLKeCYgnFBDXPBO1VVLE6aq6R4BPPNrYc9LSkCjmSZdQLlLbw2yf5KT8qY7uXPSOrtH"
    "N5BlqyYPIp/HqDdEJL8jLj2/3q2CeXqdQ0brkx7OlXnh/Jw7pN+AhW8B45wHPAPUK2n0dp"
    "RfmSDjJNRH9wAOsZUecDgCvucnf6wECvsYEs1+cL89FPbTygMN48PqgnWdjY741dm6vIc7"
    "nipIqHqy7qxdIqCCKtpsaTPwdtOdWQEupgVFrzLkvbhO6c0JUIykmZDoLcPJmje5QiSy9I"
    "ja3wvSdkOgjycZ3Qv/LIvyzCLnFhAUt2gXS8gmYxwmuZrGobCB2GwnsIdQW2F8Pz0afB1c"
    "Hbk/6RDy/TYrGLslO7MLe7iPblRkTpKhELVVkPHQOYmQO5sBCmDFKxtz8W6eDLf1QnCrU8"
    "CFWqFJAphZYz9xX5ItsnurvJ9Em222j4XDMjg3cRHHCfqhnDyYzglHubEh05DvAjCa0FM1"
    "cINzhA8Py8sdNUpyrLQwpNuiJvVupTyhTh2wjhq+LyW6jHwn7vglCMhOKa01JyOLT48zrj"
    "0OK5iFqwAYmoWBmxDqpZ72uoWe/LT77N21hboJwSUhhvwtiBc+TXyRbBOCXUQYybz1qzPc"
    "pWFaFUoIRIB+JpMrRiHYDPygE+Kyhy4RLR9LWkjIqhkcjEHSCK9WWv0MAN7/WrzVsYt9pk"
    "3JYD27BhWX6eeNEMLEjJCCfa8wzKNhfRRlIyyu1IVSsou0+dntbZqE5Py3cqfi+zktpCdW"
    "PC5h1E9+2bOrsUa1WKrn8vS81aLrKEghMTIrs35l5mo2rMbHvRLe3b/wMRFXHN"
)
