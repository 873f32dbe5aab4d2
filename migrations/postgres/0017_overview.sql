-- The dashboard's overview. A log entry about an SMS code keeps the text's country (ISO
-- region), and a failed login or send a fixed word for why (the provider that failed, or
-- `pumping`); the overview counts by them. One covering index per table answers its
-- aggregate queries from the index alone, so they stay fast at a million log rows.

ALTER TABLE logs ADD COLUMN country TEXT;
ALTER TABLE logs ADD COLUMN reason TEXT;
CREATE INDEX logs_overview ON logs (type, date, connection, country, reason, client_id);
CREATE INDEX sms_deliveries_overview ON sms_deliveries (created_at, provider, status, updated_at);
