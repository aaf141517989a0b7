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
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
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
CREATE TABLE IF NOT EXISTS "policy_acceptance" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "account_id" CHAR(36) NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "accepted_at" TIMESTAMP NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    CONSTRAINT "uid_policy_acce_account_591b3a" UNIQUE ("account_id", "version")
) /* An account accepted a version of the privacy policy. */;
CREATE INDEX IF NOT EXISTS "idx_policy_acce_account_7c6b44" ON "policy_acceptance" ("account_id");
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
    "eJztXWtz4jgW/Ssqvky6ikn15DVd2a2tognpYTqBLCE9j86USxgRNDGWR7aTZmf6v68k2+"
    "A3NtjGuPWhH8i6MhxJV/eeeyX93aLoCRMdascdVSW2brUuwd8tHS4Q+0/0YRu0oGH4H/Ei"
    "C040UR/6qk1Mi0KVtzeDmolY0RSZKsWGxeRYqW5rGi8kKquI9ad1ka3jv2ykWOQJWXNE2Y"
    "PPf7BirE/RF2R6H41nZYaRNg18YTzl7xblirU0RNnDQ//qWtTkr5soKtHshb6ubSytOdFX"
    "1W0bT4+5DH/2hHREoYWmvp/Bv6X7g70i5xuzAovaaPVVp+uCKZpBW+NgtP49s3WVYwDEm/"
    "hfZ/9xv5qvmqIMhmPlvjdWlFYO7FSic9yxbnGg/v7qtLsGRJS2+Au6P3VGR6cXbwQExLSe"
    "qHgo4Gp9FYLQgo6oAN03LAj79RGcu3NIe7q9EFj32deAuooimHuyIdTZl94Gb69gDfh6sK"
    "2gJK+s0ZwIt4a/DHqjSyBkH/X7cef6+hKw3zSbsU8Pd3fD0Zh9tg2DUOtRvxv1P3W6vynD"
    "6+t+l8sZFL9AdamQ2QyrooWHu96oc3XbHwgx9iunC6y3MvViawG/KBrSn6w5+3jyNqVXP3"
    "VGomNP3oqOJWwKOlNz4D45EY94/677Ey0g1qIdOkZfrPiJsxKorhe9IV/tJBn3fh3zlhem"
    "+Zfmh/HotvOrQHixdJ/cDAcfvOo+2Ls3w/dxcCvix8bPohTQ12LFQL9ZYZUIfHBcX5xlGN"
    "cXZ4njmj8KAm1A03wldKrMoTnPA3VEsBHjPKRGzs+z6JHz82RFwp8FERf/5lAkXv1G4Fu1"
    "HtGx+hwPePLI9stUuASXZd8Eh/QPb7MsjaxW4pAWz4IoL8gEx5k7yYN6LdEAhKse1MKBoM"
    "s8Y9on0gg9EtLTWbR0so4OD+cJptZcYaZ9zJC+YqXxEAelQijzYgsv0LH3fAPerolRF7hT"
    "8L3qjHsh/JiXxJpT+Y+L4PeeMOcG6vEQBgVDEE6YZFkjdVWSw/tR51ibAvgKscWgA082pF"
    "MMdcChQ46DvxOw74fDm4DqeN8P64aH2/c9pqzFyGaVsCWK+4NxqEOwqUDmT7/EjOfU/gjI"
    "VdgdnoFd7UguEHCVIg6JAq14DcJVQYKiDkimaRH+n0PU3OwHToe6tnT7OW3x7N/27sed27"
    "tAr3CFw5+cBFZPr/ToIqTnV42AX/rjnwD/CH4fDnphTmdVb/x7i38naFtE0cmrAqc+n88r"
    "9VD7ymm22bOPAuIFE6g+vzJ1oASe+BXkjL11rljkGelmzKR05a8/jpAGBcLRwbAiHkdOa2"
    "Pe2AEOiK/eFPBK1wNjjZhglXYF6p43cosWE3SIJk8mnCb2EtGdR9R73kpTISJ0WgBEQ95K"
    "UyEyLcK14s7TjbXSWIjm2FggLrErSm5DTQKKr4HkhCStisFHISWvLISC5vgmQzvU0Ziwv4"
    "rX+vV0vOIhXpwsQhAvoA6fxLfkzXHheCshNoAZtiPSopgBCyZTLLPVAa4QEEJt8IwMCxBm"
    "CQJoAmyZ4P6nzvcn5xf/ApC1scDsATZZBQQ08oT170ygzhkEgMwAJZbod/M47GaV+BoZc6"
    "3CC9sh5ur0Zh6k1xJFoh3VGVVGjHbBdo2lmDy5g0JBKRl+2xh+Q18MzDphC6IgKNlAouBA"
    "iAEPkwgz4O9m29yKDPKJFdDB9TRtGtG/FL0wzbdNFwclZS/XuZclq5u8TjaL1fX3upuwqe"
    "Sz4YNS5VqXdZnQG8zLCFUewTgK8DWhCD/pH9EykjKZ5O/78nAPE9qIs8+KKXxduZWhscUw"
    "mCINOaGobue+27nqtb4mhyFykTO5aQY/2xLLMoTomDSSwc8HZeUYhAxwEQKvhD7z4OyMUO"
    "btm0jTEG2DV2zNAXPhgYHoApsm9/DFZ6cCeKJQZ4MGYCuOXijhDZJZqIF6aqcwC75ujML9"
    "8/1wkJAjGRQLr/tYtcA/QMNmacrKh/3ExpqFdfOYv28f8HOYAkt+JBUqnPUU6ifeQCQVSp"
    "pk36BJ5mjRnBZZQEgaZKGJVDcrd6+sXyk2rjP+pImbycQNTNbdLdwMnoYXUqyiE+owuIv3"
    "Mnb0HJykk1ifYZWPkuYtTFaVCt1W+dnJhuANoy8Wouy1HJI/pIFeJwPd3zURuFP2iwXFmp"
    "gan2m/x0nKfo+T6H6P+m9hasxeD4MBlgvrlYAEe7tdp3nA3sMm38aAzdw9pt9j+JRkuH0i"
    "EvD828YkVyK5EsmV7M6VCIcgL6I+GQmoZEqqZEoiY7cQaJuW3h8B1jdj8zJQ+9ptUs/knx"
    "03CORmkhy0YpmkFZBpTBJZVdoHk/TZp/8MDaqO3fWHJJgkwVSPWV0FwWR7OR9ZgV5LNBDj"
    "Ug5tYSu8ZcesTNnOqFtL1xnv1l1vcNUffLgEBtKnDPBH/a7Tv2IfIZ4+6tcPN9f9m5seK5"
    "jZ2gwztctKu51Bt+eUqvy3O6Wj3vXD4IoXUsTU2dQ5o2L/B9OpNqVIV/OdBuOTqXP3bTld"
    "TjNgfJoI8WkYYYtYMIYVvEIqXkAtaSOMKxMmSxyhY1f4AKFOOwqm1+3fdm6Ofjhrn4SOyP"
    "BgP4uM37WJE0U4lZQKCDaQkzoQDipT5ry3W1pJW3QSiJOoaIXcr63z9xvI+15la64sy8Np"
    "8vJwGplezG3FL4huNcPCsnJ3Sp3nmKT3kydZc+l925hu2etBSdnrden1mMkef8xPzgiEX2"
    "YH/udwNHieiI4MkskgWQ0BlUEyGSSrN7Abg2SRZasQXLOeUFfP1WojrP61OgAr+wJg8HBz"
    "ky34iC20KCb22GctNWgYx5IT8ii3/URqxdhKjtZ6Q29jxFbBXk15r1Jj47Dms52LPXSqNz"
    "DIUUpM0MJW0rVVCXEOT6CBCJ9mQvg0BeHTKMJ/2VBnoMWE6/p6QtazXyQEMz7IxYZ9X/bP"
    "9yc/nP149u704uwdqyK+6KrkxxTgo6etGxSrcVc1pAXoVjIyQLchQOeurblWN7+MdOTTHf"
    "lVttnOTlHTzqRuh7wi/6iq26k33M1POO/GZQDST7rxKhWccWgwr2VGqDCL5fbV2lq1/m7K"
    "anr5ZRpofZ1lMb7Okm2v6EKW+x64Jl28V0HSpkyRrRJthyIUGgXaDDKK/4fy3reV2Ea9r9"
    "4qQlkXedkT0XW0xW1nATl5u1au27WmiLnE7JdFIU/ePRwS20rRVBNPaJkIamgKjjq9++8/"
    "dG/fANtg3w/BBQj9iPrtMjaXuqqoNjVJjFOT3DkhsRp3TiHJZWUgr0HTUjiOW6UDRaVlul"
    "99MoBkul/zE7/kbv460HEyr6aqY/rkrYXy1sJ6pyesEjrimV1fukcqueuvVzC/uwoeqJBS"
    "7PyXv4CfSa64e2Il11srrtfXU5n3a65FGkiPXWRhxy6SybGLaBpDaAbkgDpGVEKeAfLD20"
    "3ecreE59QeMVvK+4ProTLqdXv9T3x/ONZnRKFIRfiFbxzvD5TxqDO474/5I4X1iW5i61Ef"
    "PoyV6+FIuerdMLnRb5eA2JYyI1Rx990tH/XOp07/pvP+pidq3vW7Hx/uLgF8gVj8dFHbwO"
    "qzbTzqbjv8G6w27j3qvV+7vbtxfzi4BOiLisSv4KV3fVHTuUVuq63sxe9VFBQEeuGbPbfk"
    "L/zCkr6oM30h9OwWqrlqlVza6Y9lRztXCxm3SU0L0dzxiYQWZGwoX6hCsnTfHEsnU+bk/s"
    "w6Qippz71sJ5QZnlVkePoSkV6K2M01ds2f3ovc0pWDMw3CFkucRpBNY09XVih6KYlD9fOz"
    "ni3lEhKSOq0Vder1Th472pNpoAV9IBZzJj7g8PjDLdK6JHVY3jFna6Bjx1C8cgiJNY5WOs"
    "+UeXyeknl8Hs081ogK8wLtl2kcyqXkd6/OPczp9AbFpNu7we312X47e2cNPP+hHfZ8g8Or"
    "XrvwfiaTVqzDwR9scDP+dKuUeXTEZ2GniCE0R5BaEwQtebZ/NTogza1g7mWuHUte/Trbmv"
    "VJDNgndbs5gHsY10qHPaWEfYzZHKWqb4dkVe3cByi3/vvQe+BuhiP9qI8eBgPhO1Fb14Xv"
    "dP/Q7fZ64kh+01ZVhKa83jVze8SB/szR2c47Kf6MfgMuNQJjZsDP98NBwu7etUiYucCqBf"
    "4BGjZLMzR8Sn1iY83CunnMX7sPvc4hCpAYka0y4V0xoSnEG4hchThH6rNBcJzhl9wnQSnZ"
    "LYV3i0EJf2wq09hLbxNPyInIVXdMztuyluXCz8hxIUq4zWIztklXWmQDt2apVEXDCy0LLY"
    "y4oFMisH4ROV7DgCJK820gXQk0gF6qeudowBuNYJ4eXwnLyrTLOodZkO7Y01t0dEhU9nOd"
    "+1nmHSavVM3NO5SXgTSt12Mm+yqHJ8Ks74Nz79hTbKXk+viet9MZeMhr5sjyaf0yJ8AiNv"
    "PKp+B1TkwEDERN3i7gVG+bFWJ1DlQ2SJ8IxchsgxmhrBRawLCpwSWOdPZCCqw5Ai9Qs5H5"
    "5jhMGZX5HnncdC3I1eTQQH5NWqUGrZK8PlAFmmXZZFqG5I1Q+GVkgCIGTkrynSQelGqAE1"
    "92UAGqeZNw1hIycpklcmlP/kRq7gScgJRUDbGQCjxyjNywnFQPG9XD2hzNFeIKSNUjxMXf"
    "15wQl+MQ5Bn8PpHGjfvitfYUWRDHHQyaPOh9IvUY8Qcf1K0NPdFlvx3p1giphAb954Qq7X"
    "SSQnUq8xx9r/ZGnmKoI+DKAX69iMnKj0HH4JsAvifMo7oUvIDGBpZpAadlTjGAI3fZa3s0"
    "whuATYB1Ti+oKEpUlPmiTNmNQdNnrbZ8nLLMddwvoZFm1G62v8o9or1SOiO4DJ1lWYbOkp"
    "ehsyTn4YAsXbjet32IBu+hWFYH7BE/UajnP+feJ1Xh2TH78YULPDrGIBpWl8oLomZOnicq"
    "2cDRXfyJSSaxadw9cinKeiUhAc4AMDbygOvUbp7HW7ipoRLyjFFOiy4g1DiQS7kc9bByam"
    "RscOvYYG3YCzaq4Ee0bMXyFt7DdjpjITzBZ7feRq6iA1wH5DtTJDcAJtkGr5S9AU3BZAlE"
    "CR8MYAH5mYD84zG4QqxhsuTF2ALmnKKpKbgG3kaUqCjtLTvkU+w52vON0xGH4yZXZn8V7y"
    "E7c4krg5zGQkSwgXAXb+66+sxTvlk3MoTEGgF11RsaDstUk4mw29tq/l6nxNqy14OScmtD"
    "fbKda2aRf7BZIxjqnxDFM+yeaRRrnsfW3GCrP7kynLoLCmUw3NU51qbAJfHBK8QWN5R5Jv"
    "IR+zMnGj9x7A2znE3gvYeZ386bmNXtBg7jjPUCW5YJzzU3yN1ezp0N65eqFvXaJ72tZjVa"
    "QByz9TrZFIxKSmtwG2uQTJEyh+Y8H0HqE2oE7GXz0M6BkOY2W0sDkg00ug/d/pJHHZR41I"
    "FnKG0xcUKi0nGp88SRpETylGoWKVEbd/VOZIJ0VH56szgPLtZVjdRqp7upbn4JDApsdlH1"
    "lQ/piDLfEAI3SwWQmQjlGBS/QHUJnHfEeKNbNhJ78n/QbfHyZeSh/9IjrW2ovRiXdIukMp"
    "lNli/642mnLZb7kKhc7+u+3sskt1LIhdqYUWN+8cZMWA3x1xk5TzeYTZa/3kZr6c5/xgg3"
    "bKCXNAP45HGyZAxKVGSawET0hXPyUCfcugHO+6PWU1GNShq/Fgu6PLfkm15q6pay1gTLWG"
    "6b3xXsUrbNzyhZKM4ClMe8Cok10HF5l8HQepdoZ72L3BpOtkA5ICQx3oSxCWdIRHbzYBwQ"
    "aiDG3+5+0IM9aaPWx6bVJUqV92qyfbm4HUSxOm/Fn+HpPGtvOL9zXavMS7RyOZaJEenYER"
    "gTi3YHWm0zlIqJRSf7kZIoDq9T5+dZFqrz8+SVij8LaVIjF2noVm8guuXs2yS6FXvFY4o/"
    "txap3pnbz0LVjLOfvv4fOKIEaw=="
)
