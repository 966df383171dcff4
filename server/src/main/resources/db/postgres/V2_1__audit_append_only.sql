-- PostgreSQL only: the application role may add audit records and checkpoints but never change or remove
-- them, and a trigger refuses it even to roles that still hold the privilege (owners, administrators).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_record, audit_checkpoint FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_record, audit_checkpoint FROM CURRENT_USER;

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;

-- Statement triggers: refused even when no row matches, so an attempt never passes unnoticed.
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
