{{/*
Pod template shared by the API and worker Deployments: same image, role chosen by CONSILIUM_ROLE.
Call with (dict "ctx" $ "component" "api" "role" "api" "spec" .Values.api).
*/}}
{{- define "consilium.podTemplate" -}}
{{- $ := .ctx }}
{{- $values := $.Values }}
metadata:
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") $ | sha256sum }}
    {{- with .spec.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "consilium.labels" (dict "ctx" $ "component" .component) | nindent 4 }}
    {{- with .spec.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  # The server does not call the Kubernetes API.
  automountServiceAccountToken: false
  enableServiceLinks: false
  {{- with .spec.terminationGracePeriodSeconds }}
  terminationGracePeriodSeconds: {{ . }}
  {{- end }}
  securityContext:
    {{- toYaml $values.podSecurityContext | nindent 4 }}
  {{- if and $values.models.initImage.repository (not $values.models.existingClaim) }}
  initContainers:
    - name: models
      image: {{ printf "%s:%s" $values.models.initImage.repository (required "models.initImage.tag is required" $values.models.initImage.tag) | quote }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      # The model image only needs a cp; its files land in the emptyDir the server mounts read-only.
      command: ["cp", "-R", "{{ $values.models.initImage.modelsPath }}/.", "/models/"]
      securityContext:
        {{- toYaml $values.securityContext | nindent 8 }}
      resources:
        requests:
          cpu: 100m
          memory: 64Mi
        limits:
          cpu: 500m
          memory: 256Mi
      volumeMounts:
        - name: models
          mountPath: /models
  {{- end }}
  containers:
    - name: server
      image: {{ include "consilium.image" $ | quote }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      securityContext:
        {{- toYaml $values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: {{ $values.containerPort }}
          protocol: TCP
        {{- if and $values.dicom.enabled (ne .role "worker") }}
        - name: dicom
          containerPort: {{ $values.dicom.containerPort }}
          protocol: TCP
        {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "consilium.fullname" $ }}-config
      env:
        - name: CONSILIUM_ROLE
          value: {{ .role | quote }}
        {{- if $values.postgresql.enabled }}
        - name: CONSILIUM_DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ $values.postgresql.existingSecret | quote }}
              key: {{ $values.postgresql.passwordKey | quote }}
        {{- end }}
        {{- if and $values.oidc.enabled $values.oidc.existingSecret }}
        - name: QUARKUS_OIDC_CREDENTIALS_SECRET
          valueFrom:
            secretKeyRef:
              name: {{ $values.oidc.existingSecret | quote }}
              key: {{ $values.oidc.clientSecretKey | quote }}
        {{- end }}
        {{- if $values.audit.existingSecret }}
        - name: CONSILIUM_AUDIT_SIGNING_KEY
          valueFrom:
            secretKeyRef:
              name: {{ $values.audit.existingSecret | quote }}
              key: {{ $values.audit.signingKeyKey | quote }}
        - name: CONSILIUM_AUDIT_PUBLIC_KEY
          valueFrom:
            secretKeyRef:
              name: {{ $values.audit.existingSecret | quote }}
              key: {{ $values.audit.publicKeyKey | quote }}
        {{- end }}
      startupProbe:
        httpGet:
          path: /q/health/started
          port: http
        {{- toYaml $values.probes.startup | nindent 8 }}
      livenessProbe:
        httpGet:
          path: /q/health/live
          port: http
        {{- toYaml $values.probes.liveness | nindent 8 }}
      readinessProbe:
        httpGet:
          path: /q/health/ready
          port: http
        {{- toYaml $values.probes.readiness | nindent 8 }}
      resources:
        {{- toYaml .spec.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: data
          mountPath: /var/lib/consilium
        {{- if or $values.models.existingClaim $values.models.initImage.repository }}
        - name: models
          mountPath: /models
          readOnly: true
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmp.sizeLimit }}
    - name: data
      {{- if $values.persistence.existingClaim }}
      persistentVolumeClaim:
        claimName: {{ $values.persistence.existingClaim | quote }}
      {{- else }}
      emptyDir:
        sizeLimit: {{ $values.persistence.emptyDirSizeLimit }}
      {{- end }}
    {{- if $values.models.existingClaim }}
    - name: models
      persistentVolumeClaim:
        claimName: {{ $values.models.existingClaim | quote }}
        readOnly: true
    {{- else if $values.models.initImage.repository }}
    - name: models
      emptyDir:
        sizeLimit: {{ $values.models.sizeLimit }}
    {{- end }}
  {{- with .spec.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .spec.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .spec.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
