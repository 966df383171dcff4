-- A series may have several results over time: a preliminary result is superseded when instances of its series
-- arrive after it was made, and the series is segmented again. The newest result is the series' current one.
ALTER TABLE seg_result DROP CONSTRAINT uq_seg_result_series;
CREATE INDEX ix_seg_result_series ON seg_result (series_instance_uid, created_at);
