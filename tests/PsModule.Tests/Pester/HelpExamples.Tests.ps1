# Every example of every cmdlet's help runs as written, in order, in a folder holding experiments/quickstart.json.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeDiscovery {
    Import-Module $ModulePath -Force
    $order = 'New-SweepSpec', 'Start-Sweep', 'Get-SweepStatus', 'Get-SweepTrial', 'Get-SweepCurve', 'Invoke-SweepTrial',
        'Get-SweepRanking', 'Get-SweepExpectation', 'Measure-SweepFactor', 'Export-SweepReport', 'Show-SweepReport', 'Start-SweepWorker', 'Stop-Sweep'
    $script:Examples = foreach ($command in $order) {
        $i = 0
        foreach ($example in (Get-Help $command -Examples).examples.example) {
            $i++
            @{ Command = $command; Number = $i; Code = $example.code }
        }
    }
}

BeforeAll {
    Import-Module $ModulePath -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sweep-examples-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Force (Join-Path $Work 'experiments') | Out-Null
    Copy-Item (Join-Path $PSScriptRoot '../TestData/quickstart.json') (Join-Path $Work 'experiments/quickstart.json')
    Push-Location $Work
}

AfterAll {
    Pop-Location
    Get-Job | Where-Object PSJobTypeName -like 'Sweep*' | Remove-Job -Force
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It '<Command> example <Number> runs as written' -ForEach $Examples {
        if ($Code -match '-Port 4053') {
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 4053)
            try { $probe.Start(); $probe.Stop() }
            catch { Set-ItResult -Skipped -Because 'port 4053, which this example names, is taken by another program' }
        }

        $errors = [System.Collections.Generic.List[object]]::new()
        # A terminating error fails the test by itself; non-terminating ones are collected.
        # 'Continue' as in a user's session (the runner sets 'Stop'), so that non-terminating errors are collected.
        $null = & { $ErrorActionPreference = 'Continue'; . ([scriptblock]::Create($Code)) } 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $_ } } | Out-String
        # Show-SweepReport writes the report and then needs a desktop to open it in.
        $unexpected = @($errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'CannotOpenReport,*' } | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        $unexpected | Should -BeNullOrEmpty
    }
}
