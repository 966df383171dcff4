{{/*
Chart name, truncated to the 63 characters Kubernetes allows in a name.
*/}}
{{- define "consilium.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, plus the chart name unless the release name already contains it.
*/}}
{{- define "consilium.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "consilium.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of one component (api or worker): stable for the life of a release, so no versions.
Call with (dict "ctx" $ "component" "api").
*/}}
{{- define "consilium.selectorLabels" -}}
app.kubernetes.io/name: {{ include "consilium.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Labels every resource of the release carries.
*/}}
{{- define "consilium.commonLabels" -}}
helm.sh/chart: {{ include "consilium.chart" . }}
app.kubernetes.io/name: {{ include "consilium.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: consilium
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels of one component's resources. Call with (dict "ctx" $ "component" "api").
*/}}
{{- define "consilium.labels" -}}
{{ include "consilium.commonLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Role of the API pods: alone they also run the jobs.
*/}}
{{- define "consilium.apiRole" -}}
{{- if .Values.worker.enabled }}api{{ else }}all{{ end }}
{{- end }}

{{/*
Pods that write to the database and the audit trail.
*/}}
{{- define "consilium.writerPods" -}}
{{- $workers := 0 }}
{{- if .Values.worker.enabled }}
{{- $workers = .Values.worker.replicaCount }}
{{- if .Values.worker.autoscaling.enabled }}{{ $workers = .Values.worker.autoscaling.maxReplicas }}{{ end }}
{{- end }}
{{- add .Values.api.replicaCount $workers }}
{{- end }}

{{/*
Server image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "consilium.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
