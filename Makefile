# The two commands a new user runs: `make synth` and `make test`.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CHECKPOINT_DISABLE := 1

.PHONY: synth test check deploy destroy bench-synth

# The project's Go packages; node_modules/ holds a stray Go package of npm's.
PKGS = $$(go list ./... | grep -v /node_modules/)

# Synthesize the lab into cdktf.out/ (no AWS account, no variables needed).
synth: node_modules/.installed
	npx cdktf synth

# Everything CI checks: formatting, vet, every Go test (the CLI synth included).
test: node_modules/.installed check
	go test $(PKGS)

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	go vet $(PKGS)

deploy: node_modules/.installed
	npx cdktf deploy $(ARGS)

destroy: node_modules/.installed
	npx cdktf destroy $(ARGS)

bench-synth:
	scripts/bench-synth

# The pinned cdktf CLI, installed exactly as package-lock.json records it.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@
