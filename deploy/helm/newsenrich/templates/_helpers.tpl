{{/* The source topic each worker reads: its consumer group's lag scales it. */}}
{{- define "newsenrich.sources" -}}
language: news.article.raw.v1
entities: news.article.language.v1
bilateral: news.article.entities.v1
credibility: news.article.bilateral.v1
{{- end -}}

{{- define "newsenrich.labels" -}}
app.kubernetes.io/name: newsenrich
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Kafka client settings of one principal (dict "root" $ "principal" NAME):
a worker, or "admin" for the topics Job. */}}
{{- define "newsenrich.kafkaEnv" -}}
{{- $values := .root.Values -}}
- name: NEWS_KAFKA_BOOTSTRAP_SERVERS
  value: {{ $values.kafka.bootstrapServers | quote }}
- name: NEWS_KAFKA_SECURITY_PROTOCOL
  value: {{ $values.kafka.securityProtocol | quote }}
- name: NEWS_PROCESSING_GUARANTEE
  value: {{ $values.kafka.processingGuarantee | quote }}
- name: NEWS_LOG_FORMAT
  value: json
{{- with $values.kafka.sasl }}
{{- if .mechanism }}
{{- $user := include "newsenrich.saslUser" $ | fromYaml }}
- name: NEWS_KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
- name: NEWS_KAFKA_SASL_USERNAME
  value: {{ $user.username | quote }}
- name: NEWS_KAFKA_SASL_PASSWORD_FILE
  value: /etc/newsenrich/kafka-sasl/password
{{- end }}
{{- end }}
{{- with $values.kafka.tls }}
{{- if .existingSecret }}
- name: NEWS_KAFKA_SSL_CAFILE
  value: /etc/newsenrich/kafka-tls/{{ .caKey }}
{{- if .certKey }}
- name: NEWS_KAFKA_SSL_CERTFILE
  value: /etc/newsenrich/kafka-tls/{{ .certKey }}
- name: NEWS_KAFKA_SSL_KEYFILE
  value: /etc/newsenrich/kafka-tls/{{ .keyKey }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* One principal's SASL user and Secret key, as YAML; fails when unnamed. */}}
{{- define "newsenrich.saslUser" -}}
{{- $sasl := .root.Values.kafka.sasl -}}
{{- $user := get ($sasl.users | default dict) .principal -}}
{{- if not (and $user $user.username $user.passwordKey) }}
{{- fail (printf "kafka.sasl.users.%s needs a username and a passwordKey" .principal) }}
{{- end -}}
{{- required "kafka.sasl.existingSecret: the Secret holding the passwords" $sasl.existingSecret | trunc 0 -}}
{{- toYaml $user -}}
{{- end -}}

{{/* Kafka secrets mounted as files: the TLS material, and this principal's
password alone (one key of the Secret). */}}
{{- define "newsenrich.kafkaVolumes" -}}
{{- if .root.Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .root.Values.kafka.tls.existingSecret }}
{{- end }}
{{- if .root.Values.kafka.sasl.mechanism }}
{{- $user := include "newsenrich.saslUser" . | fromYaml }}
- name: kafka-sasl
  secret:
    secretName: {{ .root.Values.kafka.sasl.existingSecret }}
    defaultMode: 288  # 0440: the pod's fsGroup reads it, nobody else
    items:
      - key: {{ $user.passwordKey }}
        path: password
{{- end }}
{{- end -}}

{{- define "newsenrich.kafkaMounts" -}}
{{- if .root.Values.kafka.tls.existingSecret }}
- name: kafka-tls
  mountPath: /etc/newsenrich/kafka-tls
  readOnly: true
{{- end }}
{{- if .root.Values.kafka.sasl.mechanism }}
- name: kafka-sasl
  mountPath: /etc/newsenrich/kafka-sasl
  readOnly: true
{{- end }}
{{- end -}}

{{/* What the topics Job's containers share: resources, security, mounts. */}}
{{- define "newsenrich.jobContainer" -}}
resources:
  requests: {cpu: 100m, memory: 128Mi}
  limits: {memory: 256Mi}
securityContext:
  {{- include "newsenrich.securityContext" .root | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  {{- include "newsenrich.kafkaMounts" . | trim | nindent 2 }}
{{- end -}}

{{- define "newsenrich.securityContext" -}}
runAsNonRoot: true
runAsUser: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
