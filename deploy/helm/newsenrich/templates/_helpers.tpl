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

{{/* Kafka client settings, shared by every worker and the topics Job. */}}
{{- define "newsenrich.kafkaEnv" -}}
- name: NEWS_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: NEWS_KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
- name: NEWS_PROCESSING_GUARANTEE
  value: {{ .Values.kafka.processingGuarantee | quote }}
- name: NEWS_LOG_FORMAT
  value: json
{{- with .Values.kafka.sasl }}
{{- if .mechanism }}
- name: NEWS_KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
- name: NEWS_KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required with a SASL mechanism" .username | quote }}
- name: NEWS_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret: the Secret holding the password" .existingSecret }}
      key: {{ .passwordKey }}
{{- end }}
{{- end }}
{{- with .Values.kafka.tls }}
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

{{- define "newsenrich.tlsVolume" -}}
{{- if .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.existingSecret }}
{{- end }}
{{- end -}}

{{- define "newsenrich.tlsMount" -}}
{{- if .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  mountPath: /etc/newsenrich/kafka-tls
  readOnly: true
{{- end }}
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
