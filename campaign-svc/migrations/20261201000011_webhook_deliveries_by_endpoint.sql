-- Webhook deliveries by endpoint and by event (issue 17).
--
-- Leasing due deliveries per endpoint without reading every pending one.
-- The delivery worker leases, for each enabled endpoint, at most WEBHOOK_ENDPOINT_CONCURRENCY
-- deliveries less those already leased. Counting the leased ones once per candidate row made a
-- lease pass quadratic in the backlog (seconds per pass with a few thousand deliveries waiting
-- behind a failing receiver). These two small indexes let a pass read, per endpoint, only its
-- few leased deliveries and its first due ones in order.
CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_leased_idx ON webhook_deliveries (endpoint_id)
    WHERE status = 'pending' AND leased_until IS NOT NULL;
-- Retention (NOTIFICATIONS_RETENTION_DAYS) deletes an event only when no delivery refers to it.
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);
