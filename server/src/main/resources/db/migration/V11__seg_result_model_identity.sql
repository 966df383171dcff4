-- Each result names the model that made it by the model's identity (io.consilium.seg.ModelIdentity): name, version
-- and weights digest, as the audit trail's actor and the FHIR Device do. A model directory's name is its folder name,
-- hence the wider column.
--
-- Results made before this migration were stamped 'DeferredSeg' with a label of the server's own
-- ('bundled-k3-seed42', 'custom-k3-seed7') and no digest, and the bundled weights changed between releases: their
-- weights are recorded as 'unknown' rather than guessed. The audit trail's seg.infer record of each such result
-- still names the digest it ran with.
ALTER TABLE seg_result ALTER COLUMN model_name SET DATA TYPE VARCHAR(200);
ALTER TABLE seg_result ADD COLUMN model_weights_digest VARCHAR(80) DEFAULT 'unknown' NOT NULL;
ALTER TABLE seg_result ALTER COLUMN model_weights_digest DROP DEFAULT;
-- The FHIR Devices are the distinct models of the stored results.
CREATE INDEX ix_seg_result_model ON seg_result (model_name, model_version, model_weights_digest);
