#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, benchmarks and demonstrates Sweep. Needs only the .NET 10 SDK:
    run it as `dotnet tool restore && dotnet pwsh ./build.ps1 <Task>`.
.PARAMETER Task
    Build  - compile the solution (Release).
    Module - publish the importable module folder artifacts/module/Sweep and the headless
             worker artifacts/sweep-worker.
    Test   - every xunit suite, then the module's Pester tests in a fresh pwsh process;
             ends with one line "N passed, N failed, N skipped" and exits non-zero on any failure.
    Demo   - run experiments/quickstart.json on the embedded single-machine cluster and show the ranking.
    Bench  - run benchmark suites; each writes artifacts/bench/<suite>.json.
.PARAMETER Suite
    Bench only: engine, engine-step, gemm-kernels, gemm-ab, denormals, results, cluster, ranking, report, adaptive, or all (default).
.PARAMETER Filter
    Test only: an xunit filter expression passed to `dotnet test --filter`.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Module')]
    [string] $Task = 'Build',

    [ValidateSet('engine', 'engine-step', 'gemm-kernels', 'gemm-ab', 'denormals', 'results', 'cluster', 'ranking', 'report', 'adaptive', 'all')]
    [string] $Suite = 'all',

    [string] $Filter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Artifacts = Join-Path $Root 'artifacts'
$ModuleDir = Join-Path $Artifacts 'module/Sweep'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Step {
    # Runs a native command and stops the build with a clear message when it fails.
    param([string] $Title, [scriptblock] $Command)
    Write-Host "==> $Title" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) {
        Write-Host "FAILED: $Title (exit code $LASTEXITCODE)" -ForegroundColor Red
        exit $LASTEXITCODE
    }
}

function Invoke-Build {
    Invoke-Step 'dotnet build (Release)' { dotnet build (Join-Path $Root 'Sweep.sln') -c Release --nologo -v minimal }
}

function Invoke-Module {
    Invoke-Build
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    Invoke-Step 'publish module' {
        dotnet publish (Join-Path $Root 'src/PsModule/Sweep.PsModule.csproj') -c Release --no-build --nologo -v minimal -o $ModuleDir
    }
    # Manifest, format views and help sit beside the cmdlets assembly.
    Copy-Item (Join-Path $Root 'src/PsModule/Module/*') $ModuleDir -Recurse -Force
    Write-Host "Module ready: $ModuleDir"
    # The headless worker for machines without PowerShell: dotnet artifacts/sweep-worker/sweep-worker.dll --join host:port
    $workerDir = Join-Path $Artifacts 'sweep-worker'
    if (Test-Path $workerDir) { Remove-Item $workerDir -Recurse -Force }
    Invoke-Step 'publish sweep-worker' {
        dotnet publish (Join-Path $Root 'src/WorkerHost/Sweep.WorkerHost.csproj') -c Release --no-build --nologo -v minimal -o $workerDir
    }
}

function Get-TrxCounts([string] $TrxPath) {
    [xml] $trx = Get-Content -Raw $TrxPath
    $c = $trx.TestRun.ResultSummary.Counters
    # vstest leaves the notExecuted counter at 0 for skipped xunit tests: count their results instead.
    $skipped = $trx.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='NotExecuted']").Count
    [pscustomobject]@{
        Passed  = [int] $c.passed
        Failed  = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        Skipped = $skipped
    }
}

function Show-SkipReasons([string] $TrxPath) {
    # Skipped tests say why (e.g. the network-namespace tests need root and iproute2).
    [xml] $trx = Get-Content -Raw $TrxPath
    foreach ($result in $trx.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='NotExecuted']")) {
        $message = $result.SelectSingleNode(".//*[local-name()='Message']")
        $reason = if ($message) { $message.InnerText } else { 'no reason given' }
        Write-Host "  skipped $($result.GetAttribute('testName')): $reason" -ForegroundColor Yellow
    }
}

function Invoke-Test {
    Invoke-Module
    $resultsDir = Join-Path $Artifacts 'test-results'
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    New-Item -ItemType Directory -Force $resultsDir | Out-Null

    $script:passed = 0; $script:failed = 0; $script:skipped = 0
    function Invoke-TestProject([IO.FileInfo] $Project, [string] $Label, [hashtable] $Environment = @{}) {
        $trxName = "$Label.trx"
        $testArgs = @($Project.FullName, '-c', 'Release', '--no-build', '--nologo',
            '--logger', "trx;LogFileName=$trxName", '--logger', 'console;verbosity=minimal',
            '--results-directory', $resultsDir, '--blame-hang-timeout', '10m')
        if ($Filter) { $testArgs += @('--filter', $Filter) }
        Write-Host "==> dotnet test $Label" -ForegroundColor Cyan
        $saved = @{}
        foreach ($key in $Environment.Keys) {
            $saved[$key] = [Environment]::GetEnvironmentVariable($key)
            [Environment]::SetEnvironmentVariable($key, $Environment[$key])
        }
        try { dotnet test @testArgs; $exitCode = $LASTEXITCODE }
        finally { foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) } }
        $trx = Join-Path $resultsDir $trxName
        $counts = if (Test-Path $trx) { Get-TrxCounts $trx } else { [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 } }
        $script:passed += $counts.Passed; $script:failed += $counts.Failed; $script:skipped += $counts.Skipped
        if (Test-Path $trx) { Show-SkipReasons $trx }
        if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
            # The test host crashed or hung (blame), or produced no results: count it as a failure.
            Write-Host "FAILED: $Label exited with code $exitCode" -ForegroundColor Red
            $script:failed += 1
        }
    }

    # One test assembly at a time: cluster and process tests must not share the 2 cores with another suite.
    $projects = Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.csproj' | Sort-Object FullName
    foreach ($project in $projects) {
        Invoke-TestProject $project $project.BaseName
    }

    # The engine's SIMD kernels fall back to narrower vectors and to scalar code on other CPUs:
    # run its suite again with AVX2 off (Vector128 path) and with all intrinsics off (scalar path).
    $engineTests = $projects | Where-Object BaseName -eq 'Sweep.Engine.Tests'
    Invoke-TestProject $engineTests 'Sweep.Engine.Tests.NoAvx2' @{ DOTNET_EnableAVX2 = '0' }
    Invoke-TestProject $engineTests 'Sweep.Engine.Tests.Scalar' @{ DOTNET_EnableHWIntrinsic = '0' }

    # The module's Pester tests run in a fresh pwsh process against the published module.
    $pesterRunner = Join-Path $Root 'tests/PsModule.Tests/Pester/Invoke-SweepPester.ps1'
    if (-not $Filter -and (Test-Path $pesterRunner)) {
        Write-Host '==> Pester (module tests)' -ForegroundColor Cyan
        $summary = Join-Path $resultsDir 'pester.json'
        dotnet pwsh -NoProfile -NonInteractive -File $pesterRunner -ModulePath $ModuleDir -SummaryPath $summary
        if (Test-Path $summary) {
            $p = Get-Content -Raw $summary | ConvertFrom-Json
            $script:passed += $p.Passed; $script:failed += $p.Failed; $script:skipped += $p.Skipped
        }
        else {
            Write-Host "FAILED: Pester wrote no summary (exit code $LASTEXITCODE)" -ForegroundColor Red
            $script:failed += 1
        }
    }

    Write-Host "$($script:passed) passed, $($script:failed) failed, $($script:skipped) skipped"
    if ($script:failed -gt 0 -or $script:passed -eq 0) { exit 1 }
    exit 0
}

function Invoke-Demo {
    Invoke-Module
    $output = Join-Path $Root 'runs/quickstart'
    if (Test-Path $output) { Remove-Item $output -Recurse -Force }
    # A fresh pwsh imports the published module as a user would; all cores are local worker slots.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleDir'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$trials = @(Start-Sweep -Path '$(Join-Path $Root 'experiments/quickstart.json')' -Output '$output')
Write-Host ("{0} trials in {1:N1} s; results in $output" -f `$trials.Count, `$sw.Elapsed.TotalSeconds)
(Get-SweepRanking -Path '$output' | Format-Table | Out-String -Width 120).TrimEnd()
(Measure-SweepFactor -Path '$output' -Metric speed | Format-Table | Out-String -Width 120).TrimEnd()
"@
    # Dynamic PGO's instrumented re-JIT of Akka and Parquet.Net competes with training on small machines (README, Benchmarks).
    $env:DOTNET_TieredPGO = '0'
    Invoke-Step 'quickstart sweep' { dotnet pwsh -NoProfile -NonInteractive -Command $script }
}

function Invoke-Bench {
    Invoke-Build
    $out = Join-Path $Artifacts 'bench'
    New-Item -ItemType Directory -Force $out | Out-Null
    Invoke-Step "benchmarks ($Suite)" {
        dotnet run -c Release --no-build --project (Join-Path $Root 'bench/Sweep.Bench.csproj') -- --suite $Suite --out $out
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Module' { Invoke-Module }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
    }
}
finally {
    Pop-Location
}
