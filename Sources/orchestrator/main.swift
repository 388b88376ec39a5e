import OrchestratorCLI

await OrchestratorCommand.runAsMain()
