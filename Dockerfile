# Tmux Orchestrator container image.
#
#   docker build -t tmux-orchestrator .                     # builds the server from source (needs the swift image)
#   docker build --target prebuilt --build-context binary=DIR -t tmux-orchestrator .
#                                                            # packages DIR/orchestrator, a binary built with
#                                                            # swift build -c release --static-swift-stdlib
#   scripts/build-image                                     # the same with podman, base image made with mmdebstrap
#
#   docker run -d --name orchestrator -p 127.0.0.1:8000:8000 -v orchestrator-data:/data \
#     -e ORCHESTRATOR_ADMIN_PASSWORD='choose-a-good-one' tmux-orchestrator
#
# Everything the server keeps lives in the /data volume: the SQLite database, signing keys and secrets, the
# agents' worktrees and homes, and the projects themselves (workspace root /data/workspace). To work on your own
# repositories, mount them and name the folder a workspace root:
#   -v "$PWD/code:/workspace" -e ORCHESTRATOR_WORKSPACE_ROOTS=/workspace   (writable by uid 1000)
# Without ORCHESTRATOR_ADMIN_PASSWORD the first start generates the admin password, prints it to the log and keeps
# it in /data/initial-admin-password (`docker exec orchestrator cat /data/initial-admin-password`).
#
# Agent programs: the image holds the server, tmux, git and bash; a project's agents run a shell until you add a
# program. Add one in an image of your own, for example Claude Code:
#
#   FROM tmux-orchestrator
#   USER root
#   RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
#       && npm install -g @anthropic-ai/claude-code && rm -rf /var/lib/apt/lists/* /root/.npm
#   USER orchestrator
#   ENV ORCHESTRATOR_AGENT_COMMAND=claude
#
# and pass the provider's key at run time (-e ANTHROPIC_API_KEY=...; contained agents get providers' keys). Or
# mount a toolchain read-only (-v /opt/agents:/opt/agents:ro), put it on the PATH
# (-e PATH=/opt/agents/bin:/opt/orchestrator:/usr/local/bin:/usr/bin:/bin)
# and list it in ORCHESTRATOR_SANDBOX_READ_ONLY when it lives outside the system folders. Agents' settings and
# credentials go into a folder named by ORCHESTRATOR_AGENT_HOME_TEMPLATE (copied into each agent's HOME).
#
# Containment: agents run in bubblewrap where the container may make user namespaces and mount a /proc of its own:
# with podman `--security-opt 'unmask=/proc/*'`, with Docker `--security-opt systempaths=unconfined --security-opt
# seccomp=unconfined` (and apparmor=unconfined where AppArmor limits user namespaces). Otherwise they run
# unconfined inside the container and the start-up log says so; ORCHESTRATOR_AGENT_SANDBOX=bubblewrap makes the
# server refuse to start instead.

ARG BASE_IMAGE=debian:bookworm-slim
ARG SWIFT_IMAGE=swift:6.3-bookworm

# --- build: the release binary, Swift runtime linked in --------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.* ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib -Xlinker -lcurl --product orchestrator \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/orchestrator" /staging/orchestrator \
    && strip /staging/orchestrator

# --- runtime: what the server and its agents need at run time ----------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
# tmux, git and a shell run the agents; bubblewrap contains them; openssh-client lets git push over ssh; the
# libraries are the ones the binary links (ldd); curl answers the health check. Packages already present in the
# base image are not installed again (a base made with them needs no network here).
ARG RUNTIME_PACKAGES="tmux git openssh-client ca-certificates bubblewrap procps tini curl \
    libsqlite3-0 libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libcurl4"
RUN set -eu; missing=""; \
    for package in $RUNTIME_PACKAGES; do \
        dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing="$missing $package"; \
    done; \
    if [ -n "$missing" ]; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing \
        && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    fi
RUN groupadd --gid 1000 orchestrator \
    && useradd --uid 1000 --gid 1000 --create-home --home-dir /home/orchestrator --shell /bin/bash orchestrator \
    && install -d -o 1000 -g 1000 -m 0700 /data \
    && install -d -o 1000 -g 1000 -m 0755 /data/workspace \
    && install -d -o 1000 -g 1000 -m 0700 /data/home
COPY Templates /opt/orchestrator/Templates
COPY Public /opt/orchestrator/Public
COPY Resources /opt/orchestrator/Resources
ENV LANG=C.UTF-8 \
    PATH=/opt/orchestrator:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/data/home \
    ORCHESTRATOR_DATA_DIR=/data \
    ORCHESTRATOR_WORKSPACE_ROOTS=/data/workspace \
    ORCHESTRATOR_HOST=0.0.0.0 \
    ORCHESTRATOR_PORT=8000
WORKDIR /opt/orchestrator
USER 1000:1000
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${ORCHESTRATOR_PORT}/api/v1/system/health" || exit 1
# The program sits in the working directory, so `orchestrator ...` finds its folders however it is started
# (`docker exec CONTAINER orchestrator user list`, `docker run --rm IMAGE orchestrator config`).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["orchestrator", "serve"]

# --- prebuilt: the runtime with a binary built elsewhere (--build-context binary=DIR holding `orchestrator`) -------
FROM runtime AS prebuilt
COPY --from=binary --chmod=0755 orchestrator /opt/orchestrator/orchestrator

# --- the default target: the runtime with the binary built above -------------------------------------------------
FROM runtime AS image
COPY --from=build /staging/orchestrator /opt/orchestrator/orchestrator
