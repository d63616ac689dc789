{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "resume-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name used for every object. */}}
{{- define "resume-agent.fullname" -}}
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

{{- define "resume-agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "resume-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "resume-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "resume-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "resume-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "resume-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "resume-agent.secretName" -}}
{{- default (printf "%s-secrets" (include "resume-agent.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "resume-agent.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Labels every pod gets; Workload Identity needs its label on the pod. */}}
{{- define "resume-agent.podLabels" -}}
{{- if .Values.azure.workloadIdentity.enabled }}
azure.workload.identity/use: "true"
{{- end }}
{{- with .Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Environment shared by every container; call with (dict "root" $) and optionally
"databaseSecret"/"databaseKey" to read DATABASE_URL elsewhere. Settings are inlined rather than kept
in a ConfigMap so the migration hook (which runs before any regular object of
a first install exists) sees exactly the same configuration.
*/}}
{{- define "resume-agent.env" -}}
{{- $root := .root -}}
{{- $c := $root.Values.config -}}
{{- $secret := include "resume-agent.secretName" $root -}}
{{- $keys := $root.Values.secrets.keys -}}
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ $c.logLevel | quote }}
- name: HOST
  value: "0.0.0.0"
- name: PORT
  value: {{ $root.Values.web.port | quote }}
- name: TRUST_PROXY
  value: "true"
- name: MIGRATE_ON_START
  value: {{ ternary "false" "true" $root.Values.migrations.enabled | quote }}
{{- with $c.publicBaseUrl }}
- name: PUBLIC_BASE_URL
  value: {{ . | quote }}
{{- end }}
- name: AUTH_MODE
  value: {{ $c.authMode | quote }}
{{- if eq $c.authMode "jwt" }}
- name: JWT_JWKS_URL
  value: {{ required "config.jwt.jwksUrl is required with authMode=jwt" $c.jwt.jwksUrl | quote }}
- name: JWT_ISSUER
  value: {{ required "config.jwt.issuer is required with authMode=jwt" $c.jwt.issuer | quote }}
- name: JWT_AUDIENCE
  value: {{ required "config.jwt.audience is required with authMode=jwt" $c.jwt.audience | quote }}
- name: JWT_ALGORITHMS
  value: {{ $c.jwt.algorithms | quote }}
- name: JWT_OWNER_CLAIM
  value: {{ $c.jwt.ownerClaim | quote }}
{{- else if eq $c.authMode "proxy" }}
- name: PROXY_USER_HEADER
  value: {{ $c.proxy.userHeader | quote }}
- name: PROXY_SECRET_HEADER
  value: {{ $c.proxy.secretHeader | quote }}
- name: PROXY_SHARED_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.proxySharedSecret }}
{{- end }}
- name: UPLOAD_MAX_BYTES
  value: {{ $c.uploadMaxBytes | int64 | quote }}
- name: RATE_LIMIT_PER_MINUTE
  value: {{ $c.rateLimitPerMinute | quote }}
{{- with $c.corsOrigins }}
- name: CORS_ORIGINS
  value: {{ . | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ default $secret .databaseSecret }}
      key: {{ default $keys.databaseUrl .databaseKey }}
- name: DATABASE_POOL_MAX
  value: {{ $c.database.poolMax | quote }}
- name: DATA_DIR
  value: /tmp/resume-agent
- name: STORAGE_DRIVER
  value: {{ $c.storage.driver | quote }}
- name: SIGNED_URL_TTL_SECONDS
  value: {{ $c.storage.signedUrlTtlSeconds | quote }}
- name: STORAGE_SIGNING_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.signingKeys }}
      # Only the local driver signs URLs itself; Azure issues SAS tokens.
      optional: true
{{- if eq $c.storage.driver "azure" }}
- name: AZURE_STORAGE_ACCOUNT
  value: {{ required "config.storage.azure.account is required with the azure storage driver" $c.storage.azure.account | quote }}
- name: AZURE_STORAGE_CONTAINER
  value: {{ $c.storage.azure.container | quote }}
{{- with $c.storage.azure.endpoint }}
- name: AZURE_STORAGE_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- if not $root.Values.azure.workloadIdentity.enabled }}
- name: AZURE_STORAGE_ACCOUNT_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.azureStorageAccountKey }}
{{- end }}
{{- end }}
- name: WORKER_CONCURRENCY
  value: {{ $c.worker.concurrency | quote }}
- name: WORKER_POLL_INTERVAL_MS
  value: {{ $c.worker.pollIntervalMs | quote }}
- name: WORKER_LEASE_SECONDS
  value: {{ $c.worker.leaseSeconds | quote }}
- name: WORKER_SHUTDOWN_GRACE_SECONDS
  value: {{ $c.worker.shutdownGraceSeconds | quote }}
- name: ARTIFACT_RETENTION_DAYS
  value: {{ $c.retention.artifactDays | quote }}
- name: TASK_RETENTION_DAYS
  value: {{ $c.retention.taskDays | quote }}
- name: EVENT_RETENTION_DAYS
  value: {{ $c.retention.eventDays | quote }}
- name: ORPHAN_BLOB_GRACE_HOURS
  value: {{ $c.retention.orphanBlobGraceHours | quote }}
- name: RETENTION_BATCH_SIZE
  value: {{ $c.retention.batchSize | quote }}
- name: OPTIMIZE_ENGINE
  value: {{ $c.optimize.engine | quote }}
{{- if eq $c.optimize.engine "llm" }}
- name: LLM_BASE_URL
  value: {{ required "config.optimize.llm.baseUrl is required with the llm engine" $c.optimize.llm.baseUrl | quote }}
- name: LLM_MODEL
  value: {{ required "config.optimize.llm.model is required with the llm engine" $c.optimize.llm.model | quote }}
- name: LLM_TIMEOUT_MS
  value: {{ $c.optimize.llm.timeoutMs | quote }}
- name: LLM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.llmApiKey }}
      optional: true
{{- end }}
{{- with $c.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: OTEL_SERVICE_NAME
  value: {{ $c.otel.serviceName | quote }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The writable /tmp every container mounts (the root file system is read-only). */}}
{{- define "resume-agent.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "resume-agent.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Fail early on settings that cannot work together. */}}
{{- define "resume-agent.validate" -}}
{{- if le (int .Values.worker.terminationGracePeriodSeconds) (int .Values.config.worker.shutdownGraceSeconds) }}
{{- fail (printf "worker.terminationGracePeriodSeconds (%v) must exceed config.worker.shutdownGraceSeconds (%v), or Kubernetes kills workers before running tasks drain" .Values.worker.terminationGracePeriodSeconds .Values.config.worker.shutdownGraceSeconds) }}
{{- end }}
{{- if and .Values.web.embeddedWorker (le (int .Values.web.terminationGracePeriodSeconds) (int .Values.config.worker.shutdownGraceSeconds)) }}
{{- fail "web.terminationGracePeriodSeconds must exceed config.worker.shutdownGraceSeconds when web.embeddedWorker is on" }}
{{- end }}
{{- if and .Values.azure.workloadIdentity.enabled (not .Values.azure.workloadIdentity.clientId) }}
{{- fail "azure.workloadIdentity.clientId is required when Workload Identity is enabled" }}
{{- end }}
{{- if ne .Values.config.storage.driver "azure" }}
{{- fail "config.storage.driver must be azure: web and worker pods share files only through Blob Storage" }}
{{- end }}
{{- end }}
