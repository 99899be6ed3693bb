# The cmdlets that read a run folder: Get-SweepTrial, Get-SweepCurve, Get-SweepStatus, Invoke-SweepTrial,
# Get-SweepRanking, Measure-SweepFactor, Export-SweepReport and Show-SweepReport.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    . (Join-Path $PSScriptRoot 'SweepTestHelpers.ps1')
    Import-Module $ModulePath -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sweep-read-$([guid]::NewGuid().ToString('n'))"
    $spec = New-TinySpecFile -Directory $Work -Name read -Optimizer sgd, adam -Seeds 2 -Steps 40
    $script:Run = Join-Path $Work 'run'
    $script:Finished = @(Start-Sweep -Path $spec -Output $Run -Workers 2 -Port 0)
    $script:Missing = Join-Path $Work 'no-such-run'
}

AfterAll { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Get-SweepTrial' {
    It 'returns every committed trial as Sweep.TrialResult' {
        $trials = @(Get-SweepTrial -Path $Run)
        $trials.Count | Should -Be 4
        $trials[0].pstypenames[0] | Should -Be 'Sweep.TrialResult'
        ($trials.TrialId | Sort-Object) | Should -Be ($Finished.TrialId | Sort-Object)
    }

    It 'filters by config value, seed and status' {
        @(Get-SweepTrial -Path $Run -Optimizer adam).Optimizer | Should -Be @('adam', 'adam')
        @(Get-SweepTrial -Path $Run -Seed 1).Seed | Should -Be @(1, 1)
        @(Get-SweepTrial -Path $Run -Where @{ optimizer = 'sgd'; seed = 0 }).Count | Should -Be 1
        $statuses = (Get-SweepTrial -Path $Run).Status | Sort-Object -Unique
        @(Get-SweepTrial -Path $Run -Status $statuses).Count | Should -Be 4
    }

    It 'writes a table that fits in 80 columns, grouped by folder, with the settings that vary' {
        $lines = (Get-SweepTrial -Path $Run | Format-Table | Out-String -Width 250) -split "`n" | Where-Object { $_.Trim() }
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $lines[0] | Should -Match ([regex]::Escape("Path: $Run"))
        $lines[1] | Should -Match 'TrialId\s+Status\s+Seed\s+Steps\s+TrainLoss\s+ValAcc\s+Settings'
        $lines[3] | Should -Match 'optimizer=(sgd|adam)$'
    }

    It 'completes -TrialId on Tab with the trial ids of the -Path run folder' {
        $prefix = $Finished[0].TrialId.Substring(0, 3)
        $line = "Get-SweepCurve -Path '$Run' -TrialId $prefix"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $expected = @($Finished.TrialId | Where-Object { $_.StartsWith($prefix) } | Sort-Object)
        $completions | Should -Be $expected
    }

    It 'reports a missing run folder as ObjectNotFound' {
        $err = { Get-SweepTrial -Path $Missing -ErrorAction Stop } | Should -Throw -ErrorId 'RunFolderNotFound,Sweep.PsModule.Commands.GetSweepTrialCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-SweepCurve' {
    It 'takes trials from Get-SweepTrial through the pipeline' {
        $one = Get-SweepTrial -Path $Run -Optimizer sgd -Seed 0
        $points = @($one | Get-SweepCurve)
        $points.Count | Should -BeGreaterThan 0
        $points[0].pstypenames[0] | Should -Be 'Sweep.CurvePoint'
        $points.TrialId | Sort-Object -Unique | Should -Be $one.TrialId
        $points[-1].Step | Should -Be $one.StepsRun
    }

    It 'reads the curves of many trials in one pass and keeps them apart' {
        $points = @(Get-SweepTrial -Path $Run | Get-SweepCurve)
        @($points.TrialId | Sort-Object -Unique).Count | Should -Be 4
    }

    It 'returns per-layer statistics with -Layer' {
        $layers = @(Get-SweepTrial -Path $Run -Optimizer adam -Seed 1 | Get-SweepCurve -Layer)
        $layers.Count | Should -BeGreaterThan 0
        $layers[0].pstypenames[0] | Should -Be 'Sweep.LayerPoint'
        $layers.Kind | Sort-Object -Unique | Should -Contain 'head'
    }

    It 'gives curve and layer points one typed property per column of the field tables' {
        $point = Get-SweepTrial -Path $Run -Optimizer adam -Seed 1 | Get-SweepCurve | Select-Object -First 1
        foreach ($name in 'Step', 'Epoch', 'Examples', 'WallS', 'Lr', 'TrainLoss', 'ValLoss', 'ValAccuracy', 'GradNorm', 'Clipped', 'WeightNorm', 'UpdateRatio') {
            $point.PSObject.Properties.Name | Should -Contain $name
        }
        $point.Step | Should -BeOfType [long]
        $point.LearningRate | Should -Be $point.Lr
        $layer = Get-SweepTrial -Path $Run -Optimizer adam -Seed 1 | Get-SweepCurve -Layer | Select-Object -First 1
        $layer.DuplicateUnits | Should -BeOfType [double]
        $layer.Layer | Should -BeOfType [int]
    }
}

Describe 'Get-SweepStatus' {
    It 'counts a finished run folder' {
        $status = Get-SweepStatus -Path $Run
        $status.pstypenames[0] | Should -Be 'Sweep.Status'
        $status.Total | Should -Be 4
        $status.Done | Should -Be 4
        $status.State | Should -Be 'Complete'
    }
}

Describe 'Invoke-SweepTrial' {
    It 'reproduces a recorded trial bit for bit' {
        $trial = Get-SweepTrial -Path $Run -Optimizer adam -Seed 0
        $run = $trial | Invoke-SweepTrial
        $run.pstypenames[0] | Should -Be 'Sweep.TrialRun'
        $run.TrialId | Should -Be $trial.TrialId
        $run.Reproduced | Should -BeTrue
        $run.Curve.Count | Should -BeGreaterThan 0
    }

    It 'replays a trial of a Parquet dataset bit for bit in a fresh session' {
        # A fresh pwsh has done nothing but import the module: the Parquet reader must reach the engine by itself.
        $data = Join-Path $Work 'blobs.parquet'
        Copy-Item (Join-Path $PSScriptRoot 'data/blobs.parquet') $data
        $spec = Join-Path $Work 'parquet.json'
        [ordered]@{
            name    = 'parquet'
            dataset = [ordered]@{ dataset = 'parquet'; dataset_path = $data; label_column = 'target'; samples = 0 }
            base    = [ordered]@{ depth = 1; width = 8; batch_size = 16; epochs = 0; steps = 30; eval_every = 10 }
            axes    = [ordered]@{ optimizer = @('adam') }
            seeds   = 1
        } | ConvertTo-Json -Depth 5 | Set-Content -Path $spec -Encoding utf8NoBOM
        $out = Join-Path $Work 'parquet-run'
        $finished = @(Start-Sweep -Path $spec -Output $out -Workers 1 -Port 0)
        $finished.Count | Should -Be 1
        $finished[0].Status | Should -Be 'Completed'

        $printed = Invoke-ChildPwsh ("Import-Module '$ModulePath'; " +
            "`$r = Invoke-SweepTrial -Path '$out' -TrialId '$($finished[0].TrialId)' -ErrorAction Stop; " +
            "'reproduced=' + `$r.Reproduced + ' steps=' + `$r.StepsRun")
        $printed | Should -Match 'reproduced=True steps=30'
    }

    It 'runs a config given as a hashtable' {
        $run = Invoke-SweepTrial -Config @{ dataset = 'moons'; samples = 64; depth = 1; width = 4; epochs = 0; steps = 12; optimizer = 'adam' }
        $run.Config.Dataset | Should -Be 'moons'
        $run.StepsRun | Should -Be 12
        $run.Reproduced | Should -BeNullOrEmpty
    }

    It 'runs a TrialConfig given as -Config' {
        $run = Invoke-SweepTrial -Config @{ dataset = 'moons'; samples = 64; depth = 1; width = 4; epochs = 0; steps = 12; optimizer = 'sgd' }
        $again = Invoke-SweepTrial -Config $run.Config
        $again.TrialId | Should -Be $run.TrialId
        $again.FinalTrainLoss | Should -Be $run.FinalTrainLoss
    }

    It 'takes a TrialConfig or a hashtable from the pipeline as -Config' {
        $trial = Get-SweepTrial -Path $Run -Optimizer sgd -Seed 1
        $run = $trial | Select-Object -First 1 -ExpandProperty Config | Invoke-SweepTrial
        $run.TrialId | Should -Be $trial.TrialId
        $run.Reproduced | Should -BeNullOrEmpty -Because 'a bare config carries no recorded result to compare with'
        $run.FinalTrainLoss | Should -Be $trial.FinalTrainLoss

        $fromHashtable = @{ dataset = 'moons'; samples = 64; depth = 1; width = 4; epochs = 0; steps = 12 } | Invoke-SweepTrial
        $fromHashtable.Config.Dataset | Should -Be 'moons'
        $fromHashtable.StepsRun | Should -Be 12
    }

    It 'still reads two positional arguments as a run folder and a trial id' {
        $trial = Get-SweepTrial -Path $Run -Optimizer sgd -Seed 0
        $run = Invoke-SweepTrial $Run $trial.TrialId
        $run.Reproduced | Should -BeTrue
    }

    It 'says so in its help: a TrialConfig is pipeline input' {
        (Get-Help Invoke-SweepTrial).inputTypes.inputType.type.name | Should -Contain 'Sweep.Engine.Config.TrialConfig'
    }

    It 'rejects a bad config with InvalidConfig naming the field' {
        $err = { Invoke-SweepTrial -Config @{ optimizer = 'adamm'; depht = 2 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidConfig,Sweep.PsModule.Commands.InvokeSweepTrialCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'depht'
    }

    It 'reports an unknown trial id as TrialNotFound' {
        $err = { Invoke-SweepTrial -Path $Run -TrialId 0000000000000000 -ErrorAction Stop } |
            Should -Throw -ErrorId 'TrialNotFound,Sweep.PsModule.Commands.InvokeSweepTrialCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Analysis cmdlets' {
    It 'ranks the configurations with Get-SweepRanking' {
        $ranking = @(Get-SweepRanking -Path $Run)
        $ranking.Count | Should -Be 2
        $ranking[0].pstypenames[0] | Should -Be 'Sweep.Ranking'
        # ForEach-Object, not .Rank: an array has a Rank property of its own.
        ($ranking | ForEach-Object Rank) | Should -Be @(1, 2)
        $ranking | ForEach-Object { $_.Seeds | Should -Be 2 }
        # why each seed got its diagnosis, one line per seed, with the numbers the rule read
        $ranking | ForEach-Object { @($_.Why).Count | Should -Be 2; $_.Why | Should -Match '^seed \d+: [a-z-]+: ' }
        @(Get-SweepRanking -Path $Run -Top 1 -By auc).Count | Should -Be 1
    }

    It 'writes a ranking table grouped by folder that shows each configuration whole' {
        $lines = (Get-SweepRanking -Path $Run | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $lines[0] | Should -Match ([regex]::Escape("Path: $Run"))
        $lines[1] | Should -Match 'Rank\s+Tie\s+Metric.*Config'
        foreach ($row in Get-SweepRanking -Path $Run) { ($lines -join "`n") | Should -Match ([regex]::Escape($row.ConfigKey)) }
    }

    It 'checks a spec''s expectations with Get-SweepExpectation, a true one confirmed and its opposite refuted' {
        # 40 steps at lr 0.01: adam moves far more than plain sgd, in every seed.
        $spec = Get-Content (Join-Path $Work 'read.json') -Raw | ConvertFrom-Json -AsHashtable
        $spec.expectations = @(
            @{ name = 'adam ends lower'; metric = 'final_train_loss'; better = @{ optimizer = 'adam' }; than = @{ optimizer = 'sgd' } },
            @{ name = 'sgd ends lower'; metric = 'final_train_loss'; better = @{ optimizer = 'sgd' }; than = @{ optimizer = 'adam' } }
        )
        $file = Join-Path $Work 'read-claims.json'
        $spec | ConvertTo-Json -Depth 6 | Set-Content $file -Encoding utf8NoBOM

        $verdicts = @(Get-SweepExpectation -Path $Run -Spec $file)

        $verdicts.Count | Should -Be 2
        $verdicts[0].pstypenames[0] | Should -Be 'Sweep.Verdict'
        $verdicts[0].Outcome | Should -Be 'Confirmed'
        $verdicts[1].Outcome | Should -Be 'Refuted'
        $verdicts[0].Statement | Should -Match 'optimizer=adam'
        $verdicts[0].Evidence.Count | Should -Be 2
        @(Get-SweepExpectation -Path $Run -Spec $file -Outcome Refuted).Name | Should -Be 'sgd ends lower'
    }

    It 'warns when the folder''s spec states no expectations, and refuses a bad -Spec with InvalidSpec' {
        @(Get-SweepExpectation -Path $Run -WarningVariable w 3>$null).Count | Should -Be 0
        $w[0] | Should -Match 'no expectations'
        $bad = Join-Path $Work 'bad-claims.json'
        '{ "name": "x", "axes": { "optimizer": ["sgd"] }, "expectations": [ { "name": "y", "flag": "dead-relus", "on": { "optimizr": "sgd" } } ] }' | Set-Content $bad
        $err = { Get-SweepExpectation -Path $Run -Spec $bad } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidSpec,*'
        $err.Exception.Message | Should -Match 'expectations\[0\]\.on\.optimizr'
    }

    It 'measures factor effects with Measure-SweepFactor' {
        $effects = @(Measure-SweepFactor -Path $Run -Metric speed)
        $effects.Count | Should -Be 1
        $effects[0].pstypenames[0] | Should -Be 'Sweep.FactorEffect'
        $effects[0].Factor | Should -Be 'optimizer'
        $effects[0].Levels.Count | Should -Be 2
    }

    It 'writes an HTML report with Export-SweepReport' {
        $file = Join-Path $Work 'report.html'
        $written = Export-SweepReport -Path $Run -OutFile $file
        $written.FullName | Should -Be $file
        Get-Content -Raw $file | Should -Match '<html'
    }

    It 'runs nothing with Export-SweepReport -WhatIf' {
        $file = Join-Path $Work 'never.html'
        Export-SweepReport -Path $Run -OutFile $file -WhatIf
        Test-Path $file | Should -BeFalse
    }

    It 'writes the report into the run folder with Show-SweepReport' {
        $written = Show-SweepReport -Path $Run -PassThru -ErrorAction SilentlyContinue -ErrorVariable openErrors
        $written.FullName | Should -Be (Join-Path $Run 'report.html')
        Test-Path $written.FullName | Should -BeTrue
        if ($IsLinux -and -not $env:DISPLAY -and -not $env:WAYLAND_DISPLAY) {
            $openErrors[0].FullyQualifiedErrorId | Should -Be 'CannotOpenReport,Sweep.PsModule.Commands.ShowSweepReportCommand'
        }
    }

    It 'reports a missing run folder as ObjectNotFound for <_>' -ForEach 'Get-SweepRanking', 'Measure-SweepFactor', 'Export-SweepReport', 'Get-SweepStatus' {
        $command = $_
        $err = { & $command -Path $Missing -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'RunFolderNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Start-SweepWorker' {
    It 'joins a sweep that has no local workers and runs its trials, which name the worker and its host without port' {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $spec = New-TinySpecFile -Directory $Work -Name remote -Optimizer sgd -Seeds 2 -Steps 20
        $out = Join-Path $Work 'remote'
        $sweep = Start-Sweep -Path $spec -Output $out -Workers 0 -Port $port -AsJob
        $worker = Start-SweepWorker -Join "127.0.0.1:$port" -Name pester-worker -Slots 1 -AsJob
        try {
            $worker.PSJobTypeName | Should -Be 'SweepWorkerJob'
            $results = @($sweep | Receive-Job -Wait)
            $results.Count | Should -Be 2
            $sweep.State | Should -Be 'Completed'
            $results.Worker | Sort-Object -Unique | Should -Be 'pester-worker'
            $results.WorkerHost | Sort-Object -Unique | Should -Be "$([Environment]::MachineName)@127.0.0.1"
            (Get-SweepTrial -Path $out).Worker | Sort-Object -Unique | Should -Be 'pester-worker'
        }
        finally {
            $worker | Stop-Job
            $worker.State | Should -Be 'Stopped'
            $worker, $sweep | Remove-Job -Force
        }
    }

    It 'refuses a -Name with whitespace, naming the reason' {
        $err = { Start-SweepWorker -Join 127.0.0.1:4053 -Name 'gpu box' -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $err.Exception.Message | Should -BeLike "*'gpu box' has U+0020 at position 4*"
    }
}

Describe 'TLS parameters of Start-Sweep and Start-SweepWorker' {
    It 'refuses a certificate without -TlsTrust, a missing file and a wrong password, each with its own message' {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=node', $key,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
        $pfx = Join-Path $Work 'node.pfx'
        $pem = Join-Path $Work 'node.pem'
        [IO.File]::WriteAllBytes($pfx, $certificate.Export('Pfx', 'right'))
        [IO.File]::WriteAllText($pem, $certificate.ExportCertificatePem())
        $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force

        $incomplete = { Start-SweepWorker -Join 127.0.0.1:4053 -TlsCertificate $pfx -ErrorAction Stop } | Should -Throw -PassThru
        $missing = { Start-SweepWorker -Join 127.0.0.1:4053 -TlsCertificate (Join-Path $Work 'none.pfx') -TlsTrust $pem -ErrorAction Stop } | Should -Throw -PassThru
        $password = { Start-Sweep -Path (New-TinySpecFile -Directory $Work -Name tls -Optimizer sgd -Seeds 1 -Steps 5) -Output (Join-Path $Work 'tls') -TlsCertificate $pfx -TlsCertificatePassword $wrong -TlsTrust $pem -ErrorAction Stop } | Should -Throw -PassThru

        $incomplete.FullyQualifiedErrorId | Should -BeLike 'TlsIncomplete,*'
        $missing.FullyQualifiedErrorId | Should -BeLike 'TlsUnusable,*'
        $missing.Exception.Message | Should -BeLike "*none.pfx' does not exist*"
        $password.FullyQualifiedErrorId | Should -BeLike 'TlsUnusable,*'
        $password.Exception.Message | Should -BeLike '*wrong password*'
        $password.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
