-- Delivery receipts: each text a provider took and reports on (Twilio's StatusCallback),
-- by the provider's message id, with the code it carried and the last status reported.
-- fallback_text is a WhatsApp message's SMS fallback, sealed, kept until it is sent.

CREATE TABLE sms_deliveries (
    message_id    TEXT PRIMARY KEY,
    connection    TEXT NOT NULL,
    provider      TEXT NOT NULL,
    otp_id        TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    whatsapp      BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL,
    error_code    BIGINT,
    fallback_text TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX sms_deliveries_created_at ON sms_deliveries (created_at);
