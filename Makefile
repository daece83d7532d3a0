# Understudy — the two-command quick start is `make reproduce` and `make test`.
# Every target first installs the system packages it needs when they are missing (Debian).

SWIFT      ?= swift
UNDERSTUDY := .build/release/understudy
APT_PKGS    = $(strip \
	$(if $(shell pkg-config --exists cairo && echo y),,libcairo2-dev pkg-config) \
	$(if $(wildcard /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf),,fonts-dejavu-core) \
	$(if $(shell command -v qemu-x86_64),,qemu-user) \
	$(if $(shell command -v pdfinfo),,poppler-utils))
SUDO       := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: deps build reproduce test fuzz docs bench clean

deps:
	@if [ -n "$(APT_PKGS)" ]; then \
		echo "installing missing system packages: $(APT_PKGS)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PKGS); \
	fi

build: deps
	$(SWIFT) build -c release --product understudy

# Regenerate every report in reports/ from the specs in seeds/.
reproduce: build
	$(UNDERSTUDY) reproduce

# The unit, property, golden-image and end-to-end tests, the example package that uses the
# libraries as a user would (Examples/test.sh), the Kubernetes manifests through a real validator
# (.ci/kubernetes-validate.sh, from PyPI), the committed reports in headless Chromium at 1400 and
# 390 px (.ci/browser-test.sh: images load, no sideways scrolling, no console errors; installs
# chromium when missing, skips where it cannot outside CI), then a real one-node Slurm cluster
# running a sharded sweep (installs slurm-wlm and munge when missing; skips without root).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	SWIFT=$(SWIFT) sh Examples/test.sh
	SWIFT=$(SWIFT) sh .ci/kubernetes-validate.sh
	sh .ci/browser-test.sh
	sh .ci/slurm-test.sh .build/debug/understudy
	sh Fuzz/run.sh 10

# libFuzzer targets of the readers (Fuzz/README.md), SECONDS each (default 300).
fuzz:
	sh Fuzz/run.sh $(or $(SECONDS),300)

# DocC archives of every library (catalogs in Sources/*/*.docc), under .build/plugins/Swift-DocC/outputs.
docs: deps
	$(SWIFT) package generate-documentation

bench: deps
	$(SWIFT) build -c release --product understudy-bench
	.build/release/understudy-bench $(FILTER)

clean:
	rm -rf .build
