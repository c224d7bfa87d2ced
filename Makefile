# The two commands of the README. Each installs what it needs by itself.
.PHONY: demo test

demo:  ## bring up the embedded test cloud, make sample LVs, adopt them, adopt again (changed=0), show them
	scripts/demo

test:  ## every test and gate: ruff, ansible-test sanity, ansible-lint, unit, integration (real test cloud)
	scripts/test-all
