#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs the Sweep module's Pester tests against a published module folder, in this (fresh) pwsh.
.DESCRIPTION
    Pester 5.7.1 comes from the NuGet packages folder: `dotnet restore tests/PsModule.Tests` downloads it
    (a PackageDownload in Sweep.PsModule.Tests.csproj). Writes {"Passed":n,"Failed":n,"Skipped":n} to
    -SummaryPath and exits 1 when a test failed or none ran.
.PARAMETER ModulePath
    The module folder to test (build.ps1 Module publishes it to artifacts/module/Sweep).
.PARAMETER SummaryPath
    Where to write the JSON counts.
.PARAMETER TestName
    Optional Pester -FullName filter (wildcards), to run a subset while iterating.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $TestName
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) {
    Write-Error "Pester 5.7.1 not found at $pester. Run: dotnet restore tests/PsModule.Tests"
    exit 1
}
Import-Module $pester -Force

$ModulePath = (Resolve-Path $ModulePath).ProviderPath
$container = New-PesterContainer -Path (Join-Path $PSScriptRoot '*.Tests.ps1') -Data @{ ModulePath = $ModulePath }
$config = New-PesterConfiguration
$config.Run.Container = $container
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($TestName) { $config.Filter.FullName = $TestName }

$result = Invoke-Pester -Configuration $config

# The NUnit XML is written here rather than by Invoke-Pester: a failure message holding a control character
# (a child pwsh's coloured WARNING) makes the XML writer throw, and inside Invoke-Pester that lost the counts.
try {
    Export-NUnitReport -Result $result -Path ([IO.Path]::ChangeExtension($SummaryPath, '.xml'))
}
catch {
    Write-Warning "No NUnit XML report: $_"
}

# Errors outside tests (a failing BeforeAll, a file that does not parse) fail the run too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount }
New-Item -ItemType Directory -Force (Split-Path -Parent $SummaryPath) | Out-Null
$summary | ConvertTo-Json -Compress | Set-Content -Path $SummaryPath -Encoding utf8NoBOM
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $summary.Passed, $summary.Failed, $summary.Skipped)
if ($failed -gt 0 -or $summary.Passed -eq 0) { exit 1 }
exit 0
