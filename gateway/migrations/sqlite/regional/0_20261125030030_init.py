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
    "eJztXWlz2zgS/SsofVmnSuNKfE3Ku7VViixnNLElryxnjniKBZOQhTFFcEDSjnY2/30B8B"
    "BvkRIpUww+5BCIBskHsNH9ugH83aHoERMD6oc9VSWOYXfOwd8dAy4Q+0/yYhd0oGmGL/Ei"
    "Gz7ooj4MVXuwbApV3t4M6hZiRRqyVIpNm8mxUsPRdV5IVFYRG4+rIsfAfzlIsckjsueIsg"
    "tf/mDF2NDQV2T5P80nZYaRrkUeGGv83qJcsZemKLu7G15cipr8dg+KSnRnYaxqm0t7Toyg"
    "uuNg7ZDL8GuPyEAU2kgLvQZ/Su+F/SL3iVmBTR0UPKq2KtDQDDo6B6Pzr5ljqBwDIO7E/z"
    "r5t/dooWqKMhpPldvBVFE6JbBTicFxx4bNgfr7m9vuChBR2uE36P/Umxwcn70REBDLfqTi"
    "ooCr800IQhu6ogL00LAg7O0TOPfnkA4MZyGwHrLHgIaKEpj7sjHU2UNvgrdfsAJ8NdgCKM"
    "kLa7Qkwp3xL6PB5BwI2Xvjdtq7vDwH7J1mM/br7uZmPJmy345pEmrfGzeT4ede/zdlfHk5"
    "7HM5k+JnqC4VMpthVbRwdzOY9C6uhyMhxt5SW2CjU6gXOwv4VdGR8WjP2c+jtzm9+rk3ER"
    "179FZ0LGGfoPtpjrwrR+IS799Vf6IFxHp6h6Z/OIHA7nrRH/I1fCRReI8L4XucA/BxBsKK"
    "eL/SOK/EqkF7vY7aGdZnJwWgPjvJRJpfigJtQst6IVRT5tCal4E6IdjCoX10elpEdZyeZu"
    "sOfi2KuPi3BNB+/Tbi+7aYas7TzQnVYWD1qTTGIZkdTrR1WTFRlN8VQvldDsrvkigvyAPO"
    "MmrSMV5JtA7hkyIAn2Tje5KAV7gFdFkG35BIG1VFEUWRrSbi+D5gas8VZrCnDOELVpoOcV"
    "QqhjIvtvECHfrX1+DtWRFNgTsH34vedBDDj/k+rDmVv1wCvw+EuSzQSIcwKhiD8IFJ1jVS"
    "g5ISPo06x7oG4AvENoMOPDqQahgagEOHXLd9K2A/jMdXvJGFZf2li4LhNDaE764/DJhyFi"
    "ObVcK2KB6OprEOwZYCmZf8nDKec/sjIrfD7vBt6N2O5AoBVynikCjQTtcgXBVkKOqIZJ4W"
    "4f/ZR83NXlAbG/rS6+ecDpkOrwe30971TaRXuMLhV45E6TJWenAW0/NBI+CX4fQnwH+C38"
    "ejQZypCepNf+/wZ4KOTRSDvChQC7l1fqmP2jdOns2eQsQOL3iA6tMLUwdK5EpYQc7YXeeK"
    "TZ6QYaV8lJ785acJ0qFAODkYAjpx4rY25Y3t4YD45n8CfulqYKwQE1zRtkDd8kau0eIB7a"
    "PJUwinB2eJ6NYj6gNvpa0QEapVANGYt9JWiCybcK249efGWmktRHNsLhCX2BYlr6E2AcXn"
    "QHJEsmbF6KWYklcWQkFzfLOhHRtoSthf1Wv9Zjpe6RAvjhYxiBfQgI/iKXlzXDjdSkgNS8"
    "btiLzYZMSCKRSh7PSAJwSEUBc8IdMGhFmCAFoA2xa4/an3w9Hp2T8BZG0sMLuALVYBAZ08"
    "YuMfFlDnDAJAZoASW/S7dRh3s2q8jYyk7sIL2yKS6vZmGaRXElWindQZuwwKbYPtCkvx8Z"
    "SO+0SlZIRtbYQNfTUx64QNiIKoZAuJgj0hBnxMEsxAuJsdayMyKCRWQQc307RpRf9S9Mw0"
    "3yZdHJWUvdzkXpasbvY82S5WN9zrXhqmUs6Gj0rVa1025YNeY14mqPIExkmALwlF+NH4hJ"
    "aJRMgsfz+UXbuf0CacfVZM4UvgVsbGFsNAQzpyQ1H93m2/dzHofMsOQ5QiZ0rTDGG2JZVl"
    "iNExeSRDmA8qyjEIGeAhBF4IfeLB2RmhzNu3kK4j2gUv2J4D5sIDE9EFtizu4YvfbgXwSK"
    "HBBg3Adhq9UMMdJLPQAPXUzWEWQt2YhPvn2/EoIw0yKhaf97Fqg/8BHVu1KasQ9g8O1m1s"
    "WIf8fq8BP4cpMuX7fvHBde/XuMvcvxp/iPcTb+CDDLRLk6zjatGSFllESBpksQ+paVbuq7"
    "J+tdi47viTJm4hEzfysW5v4RbwNPyQ4i46oQmDu3ovY0vPwU06SfUZgnyUPG/hIahU6WLJ"
    "L242BG8YfbURZbflkPwhDfQmGejhrknAnbMkLCrWxtT4WlbRNH6V0o7WdtSCrskwKgVvIN"
    "A6fKtfO7MPq3N3BG4ta3OZE8e0dimWJCTSDIaE31YyJJIhkQyJZEhiSdFlEQ3JSEAlP7JL"
    "fiQxdiuBtm1J/QlgQ19sWd7ptdaYNDPlZ8tlAaX5IxetVP4oADKPPyJBpdfgj76E9J+pQ9"
    "W1u/6QtJKklZrxVe+CVnL8TI/CxFIg0UKMa9mahc3wtpMyMxXbb24l3WS8OzeD0cVw9PEc"
    "mMjQGOD3xk1veMF+QqzdG5d3V5fDq6sBK5g5+gwztctK+71Rf+CWqvzd3dLJ4PJudMELKW"
    "LqTHN3pnj9TeZUh1JkqOX2gAnJNLn7NqWzipBZ2VRWHGGb2DCFKLxAKl5APWv5iycTJ0tc"
    "oUNPeA+hztsAZtAfXveuDt6ddI9iG2OEGdoYxx2YOEmEc0mpiGALOak94aAK5cv7a6SVvE"
    "kngzhJiu6Qf3cMfn8T+c9Vt+YqxMPn0PCJz4u5rfgZ0Y2+sLisXJPS5G9M0vvZH1l76X3H"
    "1Dbs9aik7PWm9HrKx56+uU/JCERYZgv+Z380eJmIjgySySBZAwGVQTIZJGs2sGuDZIlpqx"
    "Jci+5L18zZai2s4bk6Ait7ADC6u7oqFnzENlpUE3scspZaNIxTyQm5gdvrRGrF2MqO1vpD"
    "b23EVsF+TXlGUmvjsNaTU4o9dKu3MMhRS0zQxna50xoCgRYifFwI4eMchI+TCP/lQIOBlh"
    "KuGxp2OsZhkRjMeC8nG/a87J8fjt6d/Hjy/vjs5D2rIh40KPkxB/jkHusmxWraAQ15AbpA"
    "Rgbo1gTovLm11OwWlpGOfL4jH2Sbbe0UtW0n6m7MKwqPqqbtdcPd/IxdbjwGIH9/G79SxR"
    "mHJvNaZoQKs1guWm2sVRvupsJr/UIyLbS+ql/w1/y1qvudtClTZHeJtksRCo0CHQYZxf9F"
    "ZU/Zymyj2QduVaGsqzziiRgG2uCMs4icPFOr1JlaGmIuMXuzJORTpk8y01zCYhspmt3EEz"
    "oWgjrSwEFvcPvDx/71G+CY7PkQXIDYS2yX4jT4dRrpksQq4yDp4Wo8+uhXjy89jsV9l4aq"
    "qA61SIpTk905MbEGd04lyWV1IK9Dy1Y4jhulAyWlZbpfczKAZLpf+xO/5Gr+JtBxMq9mV5"
    "vzybMK5VmFzU5PCBI60pndULpHLrkbrlcxvxsED1RIKXb/y2/AdyJXvDWxkuttFNcb6qnC"
    "6zVXIi2kx86KsGNn2eTYWTKNIfYFlIA6RVRCXgDy/VtN3vGWhJfUHilLyoejy7EyGfQHw8"
    "98fTg2ZkShSEX4mS8cH46U6aQ3uh1O+SWF9YlhYfveGN9NlcvxRLkYXDG5yW/ngDi2MiNU"
    "8dbdLe+N3ufe8Kr34Wogat4M+5/ubs4BfIZYvLqobWL1yTHvDa8d/gTBwr17Y/Brf3AzHY"
    "5H5wB9VZF4C156MxQ13bPjNlrKXv1aRUFBoGe+2HND/iIsLOmLJtMXQs9uoJp3rZL3dnvT"
    "YCLjNqllI1o6PpHRgowNlQtVSJbuu2PpZMqcXJ/ZREgl7fkqywllhucuMjxDiUjPVazmmn"
    "rmz+BZLukqwZlGYUslThPI5rGngRWKnmviUMP8rG9LeYSEpE4bRZ36vVPGjvZlWmhB74nF"
    "XIgP2D/+cIO0Lkkd1rfN2Qro1DGUrhxiYq2jlU4LZR6f5mQenyYzj3WiwrJAh2Vah3It+d"
    "3Bvoclnd6omHR717i9Idtva++shfs/dOOeb3R4NWsV3s/koZPqcPALa9yMP70qdW4d8UXY"
    "KWIIzRGk9gOCttzbfzc6IM+tYO5lqRVLfv0m25rNSQx4Tep2fQB3Pw6TjntKGesYizlKuz"
    "4gklV1Sm+g3PnP3eCOuxmu9L0xuRuNhO9EHcMQvtPtXb8/GIgt+S1HVRHSeL1L5vaIDf2Z"
    "o7OZd1L9Hv0mXOoEpnwB2UchhkTkUYgREqOSoxDnSH0yCU4z/LL7JColu6XybjEp4ZctRU"
    "s99zZzh5yE3O62yXlb17Rc+R45HkQZp1msxzbrSIti4DYslapqeKFto4WZFnTKBDYsIsdr"
    "HFBEabkFpIFAC+ilXa8cjXijCczz4ytxWZl22eQwCzJce3qDjo6Jyn5ucj/LvMPsmaq9eY"
    "fyMJC29XrKxx7k8CSY9dfg3HuOhu2cXJ/Q9W4+Aw95zRJZPp1f5gTYxGFeuQZe5sRCwETU"
    "4u0CTvV2WSFW50Blg/SRUIysLpgRykqhDUyHmlziwGA3pMCeI/AMdQdZbw7jlFGd95HbTT"
    "eCXM0ODZTXpLvUoLskr/dUgRaZNpmWIWUjFGEZGaBIgZOScjuJR6Va4MTXHVSAatkknJWE"
    "jFwWiVw6D38itXQCTkRKqoZUSAUeJUZuXE6qh7XqYWWOlgpxRaSaEeLi92tPiMt1CMoM/p"
    "BI68Z99VpbQzbEaRuDZg/6kEgzRvzeB3UbQ0/02bsjw54gldCo/5xRpZtPUqhuZZ6j79de"
    "y1OMDQQ8OcCPF7FY+SHomXwRwA+EeVTnghfQ2cCybOC2zCkGcOBNe12fRngDsAWwwekFFS"
    "WJijpvVCi7MWr6rNRWiFOWuY6vS2jkGbXr7a96t2jfKZ0RnYZOikxDJ9nT0EmW87BHli5c"
    "rdveR4N3XyyrPfaIHyk0yu9zH5La4d4xr+MLV7h1jEl0rC6VZ0StkjxPUrKFo7v6HZMs4t"
    "C0c+RylHUgIQEuADA2y4Dr1m6fx1u5qaES8oRRSYsuItQ6kGs5HHW/cmpkbHDj2GBj2As2"
    "quAntOyk8hb+xW4+YyE8wSev3lquogc8B+QflkhuAEyyC14ouwPSwMMSiBI+GMAC8j0B+c"
    "9DcIFYw2TJi7ENrDlFmiW4Bt5Gkqio7S5b5FO8crTnO6cj9sdN3pn9Vb2H7H5LXBmUNBYS"
    "gi2Eu3pz19NnvvItupAhJtYKqHe9oGG/TDWZCLu5rRbudUrsDXs9KimXNjQn27lhFvlHhz"
    "WCofEZUTzD3p5GqeZ5as01tvqjJ8Opu6hQAcNdnWNdAx6JD14gtrmhzDORD9ifOdH5jmNv"
    "mOVsAf8+zPx278Ssbi9wmGasV9iyTHhuuEHu9XLpbNiw1G5Rb3zSW/BVowXEKUuvs03BpK"
    "S0BjexBomGlDm05uUI0pBQK2Cvm4d2N4S0NllaGpFsodG97/aX3Oqgxq0OfENpgw8nJiod"
    "lyZ/OJKUyP6k2kVKNMZdvRGZID2V794s9oNLdVUTtbr5bqqXXwKjAutdVCPwIV1R5htC4G"
    "WpADIToRyT4meoLoF7jxRvdMNGUnf+j7otfr6M3PRfeqSNDbVX45JukFQms8nKRX987bTB"
    "dB8TlfN90+d7meRWC7nQGDNqyg/emAmrIf04I/fqGrPJDtdbay3dhPcY4YYN9JNmAP943C"
    "wZkxIVWRawEH3mnDw0CLdugHv/pPVUVaOSxm/EhC73Lfmup5qmpay1wTKWy+a3BbuWZfMz"
    "ShaKOwGVMa9iYi10XN4XMLTeZ9pZ7xOnhpMNUI4ISYzXYWzBGRKR3TIYR4RaiPH3ux50b3"
    "faaPS2aU2JUpU9muy1XNweolidd9L38HSvddfs37mqVechWqUcy8yIdOoITIlFewOtsRlK"
    "1cSis/1ISRTH56nT0yIT1elp9kzFr8U0qVmKNPSqtxDdetZtEsNOPeIxx59biezemXudia"
    "odez99+z+Xtfd/"
)
