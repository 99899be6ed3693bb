# The module as a whole: manifest, import, help, completion and validation from the engine's catalog.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    . (Join-Path $PSScriptRoot 'SweepTestHelpers.ps1')
    Import-Module $ModulePath -Force
    $script:Manifest = Join-Path $ModulePath 'Sweep.psd1'
    $script:Exported = (Import-PowerShellDataFile $Manifest).CmdletsToExport
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $Manifest -ErrorAction Stop
        $info.Name | Should -Be 'Sweep'
        $info.CompatiblePSEditions | Should -Be @('Core')
        $info.PowerShellVersion | Should -BeLessOrEqual $PSVersionTable.PSVersion
    }

    It 'exports exactly the cmdlets it lists, no wildcards' {
        $Exported | Should -Not -Contain '*'
        $Exported.Count | Should -Be 13
        (Get-Command -Module Sweep -CommandType Cmdlet).Name | Sort-Object | Should -Be ($Exported | Sort-Object)
    }

    It 'imports without any warning in a fresh pwsh' {
        $output = Invoke-ChildPwsh "Import-Module '$ModulePath' -WarningVariable w 3>`$null; 'warnings=' + `$w.Count"
        $output.Trim() | Should -Be 'warnings=0'
    }
}

Describe 'Help' {
    It 'has a synopsis, a description and at least two examples for <_>' -ForEach @(
        'New-SweepSpec', 'Start-Sweep', 'Start-SweepWorker', 'Stop-Sweep', 'Get-SweepStatus', 'Get-SweepTrial',
        'Get-SweepCurve', 'Invoke-SweepTrial', 'Get-SweepRanking', 'Get-SweepExpectation', 'Measure-SweepFactor', 'Export-SweepReport', 'Show-SweepReport') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' # not the syntax fallback Get-Help shows without MAML
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) { $example.code | Should -Match $_ }
    }

    It 'documents every parameter of <_>' -ForEach @(
        'New-SweepSpec', 'Start-Sweep', 'Start-SweepWorker', 'Stop-Sweep', 'Get-SweepStatus', 'Get-SweepTrial',
        'Get-SweepCurve', 'Invoke-SweepTrial', 'Get-SweepRanking', 'Get-SweepExpectation', 'Measure-SweepFactor', 'Export-SweepReport', 'Show-SweepReport') {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $declared = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object
        $help = Get-Help $_ -Full
        $documented = @($help.parameters.parameter | Where-Object { ($_.description.Text -join '').Trim() }).name |
            Where-Object { $_ -notin $common } | Sort-Object
        $documented | Should -Be $declared
    }

    It 'has about_Sweep covering the concepts' {
        $about = Get-Help about_Sweep | Out-String
        foreach ($concept in 'spec', 'trial', 'run folder', 'resume', 'ranking', 'Start-SweepWorker') {
            $about | Should -Match $concept
        }
    }
}

Describe 'Allowed values come from the engine catalog' {
    It 'completes -<Parameter> of New-SweepSpec on Tab with the catalog values' -ForEach @(
        @{ Parameter = 'Optimizer'; Catalog = 'Optimizers' }
        @{ Parameter = 'Init'; Catalog = 'Inits' }
        @{ Parameter = 'Norm'; Catalog = 'Norms' }
        @{ Parameter = 'Activation'; Catalog = 'Activations' }
        @{ Parameter = 'Dataset'; Catalog = 'Datasets' }
        @{ Parameter = 'Schedule'; Catalog = 'Schedules' }) {
        $line = "New-SweepSpec -$Parameter "
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $expected = [Sweep.Engine.Config.Catalog]::$Catalog
        $completions | Sort-Object | Should -Be ($expected | Sort-Object)
    }

    It 'narrows completion to the typed prefix' {
        $line = 'New-SweepSpec -Optimizer ada'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Sort-Object | Should -Be (@([Sweep.Engine.Config.Catalog]::Optimizers) -like 'ada*' | Sort-Object)
    }

    It 'rejects a value outside the catalog with a validation error' {
        { New-SweepSpec -Optimizer sgd, adamm -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Sweep.PsModule.Commands.NewSweepSpecCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}
