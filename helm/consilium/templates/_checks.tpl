{{/*
Combinations of values that would deploy something unsafe; rendering stops with the reason.
*/}}
{{- define "consilium.checks" -}}
{{- if .Values.postgresql.enabled }}
{{- $_ := required "postgresql.url is required when postgresql.enabled is true" .Values.postgresql.url }}
{{- $_ := required "postgresql.existingSecret is required when postgresql.enabled is true" .Values.postgresql.existingSecret }}
{{- end }}
{{- if and .Values.worker.enabled (not .Values.postgresql.enabled) }}
{{- fail "worker.enabled requires postgresql.enabled: workers and API pods share the job queue in PostgreSQL" }}
{{- end }}
{{- if and (gt (int .Values.api.replicaCount) 1) (not .Values.postgresql.enabled) }}
{{- fail "api.replicaCount above 1 requires postgresql.enabled: the embedded database belongs to one pod" }}
{{- end }}
{{- if and (gt (int (include "consilium.writerPods" .)) 1) (not .Values.audit.existingSecret) }}
{{- fail "audit.existingSecret is required with more than one pod: every pod must sign the audit trail with the same key" }}
{{- end }}
{{- if and (gt (int (include "consilium.writerPods" .)) 1) (not .Values.persistence.existingClaim) }}
{{- fail "persistence.existingClaim (a ReadWriteMany claim) is required with more than one pod: they share the DICOM archive" }}
{{- end }}
{{- if .Values.oidc.enabled }}
{{- $_ := required "oidc.authServerUrl is required when oidc.enabled is true" .Values.oidc.authServerUrl }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- $_ := required "ingress.host is required when ingress.enabled is true" .Values.ingress.host }}
{{- $_ := required "ingress.tlsSecretName is required when ingress.enabled is true: Consilium is served over TLS only" .Values.ingress.tlsSecretName }}
{{- end }}
{{- end }}
