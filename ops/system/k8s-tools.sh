#!/usr/bin/env bash
# What the Helm chart's tests need beyond Debian: helm, built from the Go module
# proxy, and the CRDs of the custom resources the chart renders (ServiceMonitor,
# PrometheusRule from prometheus-operator; ScaledObject, TriggerAuthentication
# from KEDA), taken from their Go modules. Into .cache/k8s/ (bin/helm, crds/);
# each is fetched once. Needs Go (`go`): Debian's golang-go, or /usr/local/go.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/k8s"
HELM_VERSION=v4.3.2
PROMETHEUS_OPERATOR=github.com/prometheus-operator/prometheus-operator@v0.85.0
KEDA=github.com/kedacore/keda/v2@v2.21.0

go=$(command -v go || echo /usr/local/go/bin/go)
if [ ! -x "$go" ]; then
  echo "Go is missing: install Debian's golang-go (helm is built from the Go module proxy)" >&2
  exit 1
fi
mkdir -p "$cache/bin" "$cache/crds"
export GOPATH="$cache/gopath" GOFLAGS=-modcacherw
# A build from the module proxy reports only "v4.3": a stamp names what was built.
if [ ! -x "$cache/bin/helm" ] || [ "$(cat "$cache/bin/helm.version" 2>/dev/null)" != "$HELM_VERSION" ]; then
  echo "building helm ${HELM_VERSION} from the Go module proxy (a few minutes, once)"
  GOBIN="$cache/bin" "$go" install "helm.sh/helm/v4/cmd/helm@${HELM_VERSION}"
  echo "$HELM_VERSION" > "$cache/bin/helm.version"
fi
module_dir() { "$go" mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }
if [ ! -f "$cache/crds/.complete" ]; then
  operator=$(module_dir "$PROMETHEUS_OPERATOR")
  keda=$(module_dir "$KEDA")
  for kind in servicemonitors podmonitors prometheusrules; do
    cp "$operator/example/prometheus-operator-crd/monitoring.coreos.com_${kind}.yaml" "$cache/crds/"
  done
  cp "$keda/config/crd/bases/keda.sh_scaledobjects.yaml" \
     "$keda/config/crd/bases/keda.sh_triggerauthentications.yaml" "$cache/crds/"
  touch "$cache/crds/.complete"
fi
