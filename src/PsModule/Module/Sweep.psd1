@{
    RootModule           = 'Sweep.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d3c52-8a4e-4c1b-9d7e-2b5a4f1e9c37'
    Author               = 'Sweep contributors'
    CompanyName          = 'Sweep'
    Copyright            = '(c) Sweep contributors. MIT License.'
    Description          = 'Runs grids of neural-network training configurations (optimizer x init x norm x depth x residual ...) on a local or distributed Akka.NET cluster, records every training curve in Parquet, and ranks the configurations by convergence speed and stability.'
    CompatiblePSEditions = @('Core')
    # The assemblies target .NET 10, which PowerShell runs on from 7.6 (7.4 is .NET 8, 7.5 is .NET 9).
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('Sweep.Format.ps1xml')
    CmdletsToExport      = @(
        'New-SweepSpec'
        'Start-Sweep'
        'Start-SweepWorker'
        'Stop-Sweep'
        'Get-SweepStatus'
        'Get-SweepTrial'
        'Get-SweepCurve'
        'Invoke-SweepTrial'
        'Get-SweepRanking'
        'Get-SweepExpectation'
        'Measure-SweepFactor'
        'Export-SweepReport'
        'Show-SweepReport'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('MachineLearning', 'HyperparameterSweep', 'Akka', 'Parquet', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
        }
    }
}
