#!/bin/bash
# A prompt-injected agent: tries each way out of its project, records in ./escape-report.txt whether it got out
# ("ESCAPED …") or not ("blocked …"), then does what an agent should still be able to do ("works …" / "BROKEN …"),
# writes DONE and waits. Arguments: DATA_DIR TMUX_SOCKET SERVER_PID OTHER_WORKTREE CHECKOUT SECRET NONCE
DATA=$1 SOCKET=$2 SERVER_PID=$3 OTHER=$4 CHECKOUT=$5 SECRET=$6 NONCE=$7
REPORT=escape-report.txt
: > "$REPORT"
escape() { local name=$1; shift; if "$@" >/dev/null 2>&1; then echo "ESCAPED $name" >> "$REPORT"; else echo "blocked $name" >> "$REPORT"; fi; }
works() { local name=$1; shift; if out=$("$@" 2>&1); then echo "works $name" >> "$REPORT"; else echo "BROKEN $name: $out" >> "$REPORT"; fi; }

escape "see the data directory's files" sh -c "find '$DATA' -maxdepth 1 -type f | grep -q ."
escape "read the database" test -r "$DATA/orchestrator.sqlite"
escape "reach the tmux server" tmux -L "$SOCKET" list-panes -a
escape "see the tmux socket" test -e "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET"
escape "find the server's secret in a process environment" sh -c "cat /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | grep -qF -- '$SECRET'"
escape "see the server's process" sh -c "test \"\$(cat /proc/$SERVER_PID/comm 2>/dev/null)\" = orchestrator"
escape "signal the server" kill -0 "$SERVER_PID"
escape "make itself admin with the CLI" sh -c "echo 'Hostile-pw-123!' | orchestrator user add agentadmin --role admin --password-stdin"
escape "write into the project's checkout" sh -c "echo x > '$CHECKOUT/hacked.txt'"
escape "read another project's worktree" sh -c "ls -A '$OTHER' | grep -q ."
escape "write into another project's worktree" sh -c "echo x > '$OTHER/hacked.txt'"
escape "write to /etc" sh -c "echo x > /etc/orchestrator-hacked-$NONCE"
escape "change its repository's config (hooks the server's git would run)" git config core.hooksPath /tmp
escape "plant a hook in its repository" sh -c "echo 'touch /tmp/pwned' > \"\$(git rev-parse --git-common-dir)/hooks/post-merge\""

works "commit in its worktree" sh -c "echo 'contained' > notes.md && git add notes.md && git commit -q -m 'Notes from a contained agent'"
works "report with its token" orchestrator report --task "Tried every way out" --progress 0.5 "Still inside."
works "call /mcp with its token" python3 -c '
import json, os, urllib.request
request = urllib.request.Request(os.environ["ORCHESTRATOR_URL"] + "/mcp", method="POST",
    data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode(),
    headers={"Authorization": "Bearer " + os.environ["ORCHESTRATOR_TOKEN"], "Content-Type": "application/json",
             "Accept": "application/json, text/event-stream"})
answer = json.load(urllib.request.urlopen(request, timeout=10))
assert answer["result"]["tools"], answer
'
echo DONE >> "$REPORT"
exec cat > /dev/null
