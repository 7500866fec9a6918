#!/usr/bin/env bash
# Deploy an overlay in order: the provisioning Job (with the config, secrets and Services it needs) first, and only
# when it has completed, the services. Needs kubectl with access to the cluster.
#   bash deploy/k8s/apply.sh <overlay> [kubectl flags…]      e.g. bash deploy/k8s/apply.sh production --context prod
set -euo pipefail
overlay=${1:?usage: bash deploy/k8s/apply.sh <overlay: dev | production> [kubectl flags…]}
shift
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/overlays/$overlay"
[[ -d $dir ]] || { echo "apply.sh: no overlay at $dir" >&2; exit 64; }
command -v kubectl >/dev/null || { echo "apply.sh: kubectl not found on PATH" >&2; exit 2; }

rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
kubectl kustomize "$dir" >"$rendered"
namespace=$(awk '/^kind: Job$/ { job = 1 } job && /^  namespace: / { print $2; exit }' "$rendered")
[[ -n $namespace ]] || { echo "apply.sh: the overlay renders no Job with a namespace" >&2; exit 1; }

# A Job's pod template cannot change: the previous run goes first (its pods and logs with it).
kubectl "$@" -n "$namespace" delete job provision --ignore-not-found --wait=true
# Everything but the services' Deployments, autoscalers and disruption budgets: ConfigMap, Secret, Services, the Job.
awk 'BEGIN { RS = "\n---\n"; ORS = "\n---\n" } !/(^|\n)kind: (Deployment|HorizontalPodAutoscaler|PodDisruptionBudget)\n/' \
  "$rendered" | kubectl "$@" apply -f -
echo "apply.sh: waiting for job/provision in $namespace (up to 10 min)" >&2
if ! kubectl "$@" -n "$namespace" wait --for=condition=complete job/provision --timeout=600s; then
  kubectl "$@" -n "$namespace" logs job/provision --tail=50 >&2 || true
  echo "apply.sh: provisioning did not complete; the services were not changed" >&2
  exit 1
fi
kubectl "$@" apply -f "$rendered"
for deployment in ocpp-edge profile-command device-twin compliance-gb kafka-bridge; do
  kubectl "$@" -n "$namespace" rollout status "deployment/$deployment" --timeout=300s
done
