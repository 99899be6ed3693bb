# Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll): tiny specs and sweeps that finish in seconds.

function New-TinySpecFile {
    # Writes a spec of (optimizers x seeds) trials of a small spirals MLP and returns its path.
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [string] $Name = 'tiny',
        [string[]] $Optimizer = @('sgd', 'adam'),
        [int] $Seeds = 2,
        [int] $Steps = 30,
        [int] $Samples = 96,
        [int] $Width = 8
    )
    New-Item -ItemType Directory -Force $Directory | Out-Null
    $spec = [ordered]@{
        name    = $Name
        dataset = [ordered]@{ dataset = 'spirals'; samples = $Samples }
        base    = [ordered]@{ depth = 1; width = $Width; batch_size = 16; epochs = 0; steps = $Steps; eval_every = 10 }
        axes    = [ordered]@{ optimizer = $Optimizer }
        seeds   = $Seeds
    }
    $path = Join-Path $Directory "$Name.json"
    $spec | ConvertTo-Json -Depth 5 | Set-Content -Path $path -Encoding utf8NoBOM
    $path
}

function Invoke-ChildPwsh {
    # Runs a script in a fresh pwsh (same executable as this one) and returns everything it printed.
    param([Parameter(Mandatory)] [string] $Script)
    $pwsh = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $Script)
    if ($pwsh -notmatch 'pwsh(\.exe)?$') {
        # Running under `dotnet pwsh`: the process is dotnet, so pass the tool's entry assembly again.
        $arguments = @([Environment]::GetCommandLineArgs()[0]) + $arguments
    }
    & $pwsh @arguments 2>&1 | Out-String
}
