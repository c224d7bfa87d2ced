# The two commands of the README. Each installs what it needs by itself.
.PHONY: demo test

demo:  ## bring up the embedded test cloud, make sample LVs, adopt them, adopt again (changed=0), show them
	scripts/demo

test:  ## every test and gate (scripts/test-all): ruff, sanity and unit on two ansible-cores, ansible-lint, changelog, docs, galaxy-importer, EE, integration (real test cloud)
	scripts/test-all
