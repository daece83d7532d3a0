#!/bin/sh
# Checks the Kubernetes manifests of `understudy submit --kubernetes` with a real validator:
# PyPI's kubernetes-validate (Kubernetes' own OpenAPI schemas, --strict: unknown fields are
# errors), installed in a venv under .build. The Swift tests write the manifests
# (ClusterTests.test_kubernetesManifests_forTheRealValidator); PyYAML, which the validator reads
# them with, must give the awkward spec text back byte for byte; and a broken copy must be
# refused, so a validator that accepts everything cannot pass. Run by `make test` after
# `swift build --build-tests`. In CI (CI=true) a validator that cannot be installed is a
# failure; elsewhere the script says so and skips.
set -eu
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
KUBERNETES_VERSION=1.30.0
venv=${KUBERNETES_VALIDATE_VENV:-.build/kubernetes-validate-venv}
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "kubernetes-validate==1.37.0"; }; then
        if [ "${CI:-}" = "true" ]; then echo "kubernetes-validate: cannot install it from PyPI" >&2; exit 1; fi
        echo "kubernetes-validate: SKIPPED (cannot install it from PyPI; CI installs it and fails without it)"
        exit 0
    fi
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
UNDERSTUDY_KUBERNETES_MANIFESTS="$out" $SWIFT test --skip-build ${SWIFT_SCRATCH_PATH:+--scratch-path "$SWIFT_SCRATCH_PATH"} --filter ClusterTests.test_kubernetesManifests_forTheRealValidator > "$out/test.log" 2>&1 \
    || { cat "$out/test.log"; exit 1; }
ls "$out"/*.yaml > /dev/null
for manifest in "$out"/*.yaml; do
    "$venv/bin/kubernetes-validate" --strict --kubernetes-version "$KUBERNETES_VERSION" "$manifest"
done
"$venv/bin/python" - "$out" <<'PY'
import sys, yaml
out = sys.argv[1]
documents = [d for d in yaml.safe_load_all(open(out + "/awkward-spec.yaml", encoding="utf-8")) if d]
expected = open(out + "/awkward-spec.expected", encoding="utf-8", newline="").read()
assert documents[0]["data"]["spec.toml"] == expected, "the ConfigMap's spec.toml does not read back exactly"
print("kubernetes-validate: the awkward spec text reads back exactly")
PY
# A broken copy (an unknown field, a string where an integer belongs) must be refused.
sed -e 's/imagePullPolicy:/imagePulPolicy:/' -e 's/completions: 5/completions: "5"/' "$out/sweep.yaml" > "$out/broken.yml"
if "$venv/bin/kubernetes-validate" --strict --kubernetes-version "$KUBERNETES_VERSION" "$out/broken.yml" > "$out/broken.log" 2>&1; then
    echo "kubernetes-validate: accepted a broken manifest" >&2; exit 1
fi
echo "kubernetes-validate: ok ($(ls "$out"/*.yaml | wc -l) manifests; a broken one refused)"
