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

function Test-SigIntIgnored {
    # Whether process $ProcessId (default: this one) ignores SIGINT (its disposition is SIG_IGN); $null where that
    # cannot be read (no /proc). A process started in the background of a non-interactive shell (`build.ps1 Test &`
    # in a script) inherits SIGINT ignored, and so does every process it starts. .NET respects an ignored SIGINT: it
    # installs no handler, so Console.CancelKeyPress never fires and such a pwsh cannot see Ctrl+C or kill -INT.
    param([int] $ProcessId = $PID)
    $status = "/proc/$ProcessId/status"
    if (-not (Test-Path $status)) { return $null }
    $line = (Get-Content $status) -match '^SigIgn:' | Select-Object -First 1
    if (-not $line) { return $null }
    $mask = [Convert]::ToUInt64(($line -split '\s+')[1], 16)
    ($mask -band 2) -ne 0 # bit n-1 stands for signal n; SIGINT is 2
}

function New-ChildPwshStartInfo {
    # A ProcessStartInfo that runs a script in a fresh pwsh (same executable as this one) with every stream redirected.
    # With -DefaultSigInt the child starts with SIGINT at its default disposition, as a program a user runs in a
    # terminal does, whatever this process inherited (see Test-SigIntIgnored): through `env --default-signal=INT`
    # (GNU coreutils 8.31+), which execs the pwsh, so the process id stays the pwsh's. Returns $null with
    # -DefaultSigInt where that is needed (SIGINT is ignored here) and cannot be done.
    param([Parameter(Mandatory)] [string] $Script, [switch] $DefaultSigInt)
    $pwsh = [Environment]::ProcessPath
    $command = @($pwsh)
    if ($pwsh -notmatch 'pwsh(\.exe)?$') {
        # Running under `dotnet pwsh`: the process is dotnet, so pass the tool's entry assembly again.
        $command += [Environment]::GetCommandLineArgs()[0]
    }
    $command += '-NoProfile', '-NonInteractive', '-Command', $Script
    if ($DefaultSigInt -and -not $IsWindows) {
        & env --default-signal=INT true 2>$null
        if ($LASTEXITCODE -eq 0) {
            $command = @('env', '--default-signal=INT') + $command
        }
        elseif (Test-SigIntIgnored) {
            return $null
        }
    }
    $info = [Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($a in $command | Select-Object -Skip 1) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info
}
