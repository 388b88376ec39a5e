# The peer this project is measured against in benchmarks/compare_projects.sh: a FastAPI server for the same
# GET /api/v1/projects, reading the same rows. Kept unchanged so that figures stay comparable across runs.
"""The peer a user of the seed spec would write, for GET /api/v1/projects: FastAPI + Pydantic response models +
uvicorn workers + sqlite3 + a verified ES256 bearer JWT (the spec's python-jose RS256 is slower than this).
It reads the project's own database file (PEER_DB), so both servers answer from the same rows with the same
JSON shape: {"items": [project + agents], "total", "limit", "offset"}.
Run: PEER_DB=... PEER_PUBKEY=pub.pem uvicorn fastapi_peer:app --port 8082 --workers 2 --log-level warning"""
import os, sqlite3
from datetime import datetime
from typing import List, Optional

import jwt
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel

DB = os.environ.get("PEER_DB", "/tmp/perf.sqlite")
PUB = open(os.environ.get("PEER_PUBKEY", "pub.pem")).read()
app = FastAPI()


class AgentStatus(BaseModel):
    agent_id: str
    role: str
    status: str
    window_id: Optional[str] = None
    pane_id: Optional[str] = None
    worktree_path: str
    branch: str
    launch_command: str
    current_task: Optional[str] = None
    progress: Optional[float] = None
    last_check_in: Optional[datetime] = None
    last_output_at: Optional[datetime] = None
    credit_status: str


class Project(BaseModel):
    id: str
    name: str
    description: str
    status: str
    progress: float
    priority: str
    size: str
    project_path: str
    spec_content: str
    team_composition: List[str]
    agent_command: Optional[str] = None
    base_branch: Optional[str] = None
    agents: List[AgentStatus]
    created_at: datetime
    updated_at: datetime


class ProjectList(BaseModel):
    items: List[Project]
    total: int
    limit: int
    offset: int


def principal(authorization: str = Header(...)):
    if not authorization.startswith("Bearer "):
        raise HTTPException(401)
    try:
        return jwt.decode(authorization[7:], PUB, algorithms=["ES256"], options={"verify_aud": False})
    except jwt.PyJWTError:
        raise HTTPException(401)


@app.get("/api/v1/projects", response_model=ProjectList)
def projects(limit: int = 50, offset: int = 0, user=Depends(principal)):
    con = sqlite3.connect(DB)
    con.row_factory = sqlite3.Row
    try:
        total = con.execute("SELECT count(*) FROM project").fetchone()[0]
        rows = con.execute("SELECT * FROM project ORDER BY updated_at DESC LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        ids = [r["id"] for r in rows]
        agents = {}
        if ids:
            q = "SELECT * FROM agent WHERE project_id IN (%s) ORDER BY created_at" % ",".join("?" * len(ids))
            for a in con.execute(q, ids):
                agents.setdefault(a["project_id"], []).append(a)
        items = []
        for r in rows:
            ags = agents.get(r["id"], [])
            reported = [a["progress"] for a in ags if a["progress"] is not None]
            items.append(Project(
                id=r["id"], name=r["name"], description=r["description"], status=r["status"],
                progress=sum(reported) / len(reported) if reported else 0, priority=r["priority"], size=r["size"],
                project_path=r["project_path"], spec_content=r["spec_content"], team_composition=[a["role"] for a in ags],
                agent_command=r["agent_command"], base_branch=r["base_branch"],
                agents=[AgentStatus(agent_id=a["id"], role=a["role"], status=a["status"], window_id=a["window_id"],
                                    pane_id=a["pane_id"], worktree_path=a["worktree_path"], branch=a["branch"],
                                    launch_command=a["launch_command"], current_task=a["current_task"],
                                    progress=a["progress"], last_check_in=a["last_check_in"],
                                    last_output_at=a["last_output_at"], credit_status=a["credit_status"]) for a in ags],
                created_at=r["created_at"], updated_at=r["updated_at"]))
        return ProjectList(items=items, total=total, limit=limit, offset=offset)
    finally:
        con.close()
