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
    "eJztW/9P2zoQ/1es/vKYxEOsqxhCT08q0LchDTpBGdOmKbiJ2/rh2FnsDCLE/76z86VJmt"
    "AGKIMov6D0fBe7nzv7Pucrtx2H+sRWwg+3+rZNpPzgY646e+i2w7FL4KFCYxN1sOflxrVM"
    "4TEzVtjoWtNUeSyVj2396glmkoDIIdL2qaeo4Nqijzyf/sJ2iMRkQm3iI0YUwkgGnid8eH"
    "JcypEkxMjG/8Okf0kUcBfLK+IgBysMnxRl6PKS3HiwKmlhdXm5pad3hA3zUz5d+0wBpz8D"
    "YikxJWpGfJjv+w8QU+6QGyKTj96VNaGEOTmkqaNfYOSWCj0jOz8/OvzPaOpvMbZswQKXz7"
    "W9UM0ET9WDgDpb2kaPTQknPlbEyYDOA8ZiHyWiaMUgUH5A0qU6c4FDJjhg2nWdfyYBt7XH"
    "kJlJ/+n9Gy8to2ZZJ8ORdTYYWVZnwdN6CQWXxCJbcB0llCsN1O1d9N45IEba0RMcfOyfbr"
    "zbeWMgEFJNfTNo4OrcGUPwUmRqQJ+jbEKSEKse2nmrp0Q9EdwDe4LYC8N4jmm8S2pimrdq"
    "Mc1jGkWcY43D+nGaWK0X0/lB/mpA9QmWMO8CoCNyo8oBnVsUwITFNQvG0eDrSL/ZlfIn04"
    "KTL/1Tg+1x/6sB1w3jkU/Dkw+JuoC0HuX8k4NPw/0C4PP8uAj6IcCmqEvKgc9bFsB3YtOt"
    "5KFhrjg6HpyN+sefc/447I8GeqSb80Ui3Yg2wNwd6UvQxdHoI9If0bfhyaC4TVK90beOXh"
    "MOlLC4uLawk8UkESeinJtt2Cb62Knv5rxlA92sTxBnyFkYZ6FX4vY4YS54XbPXyVWGWWnB"
    "GNtX19h3rIUR0RVVuotDbtctSjDHU+MzDa6BLi1HDgTn8HimIBY65RVLTmVZyWJHypZMtZ"
    "fXLBwN+4GaQSFgrC4vERfcJnvoekbtGdQQjEF5AWM+xCuKZ4BoScZhEfBazB0QEF5Sqqxh"
    "gkdUKCk0+R1+MMN+BcVLDJ4meS6vUNa5kV18YzHCp2oGH3d692zkJHHu9AqbM0mpXTN0f6"
    "HiMawmwnfr4J21aQRfyYPe214B9N52Jeh6qFC5zIRXK6Bj/QaC291eBV3QqoTXjBXwNQdU"
    "3cIwa9TWMAs1zJSW1TDVQTu3aGDY7q4QtLuVIbtbDNiWybZM9rmZ7GHyNODKDyu4bEFpGZ"
    "tNpRZJ9Zfx2epIeARnxLYtAl73bjBv1d5y173lbpPEOpMEcTFllvlmdSAumLU1UUVN1Gbj"
    "Nhv/uWz8WTBqh1+ILyOPlCXjvM6yXOwZbetXRn2VdngwZlTOiINiQyQmCLJv2r2OXos2pk"
    "yMMdtDgpNENhE+ImAWouhYf1PaBX/yCR5BEzLgrHqcZkwad5Q+1U3HPddLifcfcLgWbRt4"
    "vL6S43Sl7owMXBf7JX3k6rZnxqQRdPC5+54uQONTzBYx3xeCEczLYc+aFXAfg926gE8lz4"
    "v8/nD4KYf8/lER2vPj/cHpxlvjBlCiptXTOToZAd4vhzKc6TbLSlV8meYy+mCaONZDCvrO"
    "hekCRSkazQR8HYSTLhHk/bg9NIFS20HjEFElEWz7K6I8hm2CqIM2rsl4JsSV3EQ2ZkxDJk"
    "vYxDonKmEV33OdDjjFiM8x07cFPx7za7sjXnEcll5D0OinjdkNGROGl0sypnoJf3ff9t73"
    "dt/t9HZBxSwzlby/Z79G2+5eUtH2rNbfs8qGew2cC2YNhHo9HSxz+tZsYGVs2v5V279a89"
    "XkyyFCF1EOPySM6suBChJU1FpGgGJmAJ7IGCzlPvHrKQEqwvRlWYj0fyV4ECebSArgJz6B"
    "3BMCPYknQFSCbBJI4iwynMe/roLHBFPKo2iKvl3LYv48i0l8sjqHSSwaeEI9PYPJhnoNlA"
    "tmDYR6LQwGjlQCuD3koq9g2sB7vraN8nRU4O43S5w0GA=="
)
