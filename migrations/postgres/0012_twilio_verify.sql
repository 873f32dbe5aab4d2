-- Twilio Verify: a waiting code whose text Twilio Verify sent carries the name of that
-- provider (in the connection's options). Its code is Twilio's: Latchkey stores no hash of
-- it (code_hash is random and matches nothing) and asks Twilio's VerificationCheck instead,
-- under its own rules (latest code only, expiry, three tries). NULL: Latchkey's own code.

ALTER TABLE otp_codes ADD COLUMN verify_provider TEXT;
