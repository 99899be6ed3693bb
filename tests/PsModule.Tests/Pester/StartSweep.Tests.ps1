# Start-Sweep end to end on the embedded cluster, -WhatIf, -PassThru, errors, Ctrl+C and -Resume, -AsJob.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    . (Join-Path $PSScriptRoot 'SweepTestHelpers.ps1')
    Import-Module $ModulePath -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sweep-start-$([guid]::NewGuid().ToString('n'))"
    $script:TinySpec = New-TinySpecFile -Directory $Work
    # Long enough per trial that a stop issued right after the first result always lands mid-sweep: 12 trials run one
    # at a time, 30,000 steps each, about half a second (10,000 took under a fifth once the engine got faster, and a
    # poll on a busy 2-core machine can see the first result a second late).
    $script:SlowSpec = New-TinySpecFile -Directory $Work -Name slow -Optimizer sgd, momentum, adam -Seeds 4 -Steps 30000 -Samples 512 -Width 32
    $script:SlowTotal = 12

    function Get-FreeTcpPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function Wait-Until([scriptblock] $Condition, [string] $What) {
        # Polls instead of sleeping a fixed time; the bound only guards against a hang.
        $deadline = [DateTime]::UtcNow.AddMinutes(2)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What" }
            Start-Sleep -Milliseconds 100
        }
    }
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -like 'Sweep*' | Remove-Job -Force
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Start-Sweep' {
    It 'runs every trial of the spec and emits one Sweep.TrialResult per trial' {
        $out = Join-Path $Work 'main'
        $trials = @(Start-Sweep -Path $TinySpec -Output $out -Workers 2 -Port 0)
        $spec = New-SweepSpec -Path $TinySpec
        $expected = @($spec.EnumerateTrials() | ForEach-Object { [Sweep.Specs.TrialId]::Of($_) }) | Sort-Object
        $trials.Count | Should -Be 4
        $trials[0].pstypenames[0] | Should -Be 'Sweep.TrialResult'
        ($trials.TrialId | Sort-Object) | Should -Be $expected
        $trials | ForEach-Object { $_.Path | Should -Be $out; $_.StepsRun | Should -BeGreaterThan 0 }
        Test-Path (Join-Path $out 'sweep.json') | Should -BeTrue
    }

    It 'serves a live page with -Dashboard, writes its loopback URL, and stops it with the sweep' {
        $out = Join-Path $Work 'dashboard'
        $summary = Start-Sweep -Path $TinySpec -Output $out -Workers 2 -Port 0 -PassThru -Dashboard -InformationVariable info 6>$null
        $summary.Total | Should -Be 4
        $line = @($info | Where-Object { "$_" -like 'Dashboard: http://127.0.0.1:*' })
        $line.Count | Should -Be 1
        $url = ("$($line[0])" -replace '^Dashboard: ', '')
        # Stopped with the sweep: nothing listens there any more.
        { Invoke-WebRequest -Uri ($url + 'api/state') -TimeoutSec 10 } | Should -Throw
    }

    It 'refuses a dashboard address that is not an IP address, naming it' {
        { Start-Sweep -Path $TinySpec -Output (Join-Path $Work 'dash-bad') -Workers 1 -Port 0 -Dashboard -DashboardAddress 'not-an-ip' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDashboardAddress*' -ExpectedMessage "*'not-an-ip'*"
    }

    It 'takes a spec from the pipeline and returns only the summary with -PassThru' {
        $out = Join-Path $Work 'passthru'
        $summary = @(New-SweepSpec -Name piped -Optimizer sgd, adam -Samples 64 -Steps 20 -Epochs 0 -Set @{ width = 8; depth = 1 } |
            Start-Sweep -Output $out -Workers 2 -Port 0 -PassThru)
        $summary.Count | Should -Be 1
        $summary[0].pstypenames[0] | Should -Be 'Sweep.Summary'
        $summary[0].Total | Should -Be 2
        ($summary[0].Completed + $summary[0].Diverged + $summary[0].Failed) | Should -Be 2
        $summary[0].Cancelled | Should -BeFalse
        $summary[0].Path | Should -Be $out
    }

    It 'overrides the spec''s stopping rule with -Stopping, completes its rules, and refuses a race without a target' {
        $out = Join-Path $Work 'stopping'
        $summary = Start-Sweep -Path $TinySpec -Output $out -Workers 2 -Port 0 -PassThru -Stopping median
        ($summary.Completed + $summary.Diverged + $summary.Failed + $summary.Pruned) | Should -Be 4
        (Get-SweepStatus -Path $out).Pruned | Should -Be $summary.Pruned
        (Get-Content -Raw (Join-Path $out 'sweep.json')) | Should -Match '"rule":\s*"median"'
        $line = 'Start-Sweep -Path x.json -Stopping '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('asha', 'median', 'none', 'race')
        { Start-Sweep -Path $TinySpec -Output (Join-Path $Work 'race') -Workers 1 -Port 0 -Stopping race -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSpec*' -ExpectedMessage '*target_loss*'
    }

    It 'runs nothing again for a finished folder of the same spec' {
        $out = Join-Path $Work 'main'
        $summary = Start-Sweep -Path $TinySpec -Output $out -Workers 2 -Port 0 -PassThru
        $summary.Skipped | Should -Be 4
        ($summary.Completed + $summary.Diverged + $summary.Failed) | Should -Be 0
    }

    It 'prints nothing of its own to the console and warns of nothing when a resumed sweep has nothing left' {
        $out = Join-Path $Work 'quiet'
        $null = Start-Sweep -Path $TinySpec -Output $out -Workers 1 -Port 0
        # Akka writes to the process's console, not to PowerShell streams: only a child process shows it.
        $printed = Invoke-ChildPwsh ("Import-Module '$ModulePath'; " +
            "`$s = Start-Sweep -Path '$TinySpec' -Output '$out' -Workers 1 -Port 0 -Resume -PassThru -WarningVariable w; " +
            "'skipped=' + `$s.Skipped; 'warnings=' + `$w.Count")
        $printed | Should -Match 'skipped=4'
        $printed | Should -Match 'warnings=0'
        $printed | Should -Not -Match '\[(WARNING|ERROR)\]|timed out|Coordinated shutdown'
    }

    It 'reruns failed trials on -Resume once their dataset is there, says so, and keeps them with -SkipFailed' {
        $out = Join-Path $Work 'retry'
        $data = Join-Path $Work 'retry-data.csv'
        $spec = Join-Path $Work 'retry.json'
        [ordered]@{
            name = 'retry'; dataset = [ordered]@{ dataset = 'csv'; dataset_path = $data }
            base = [ordered]@{ depth = 1; width = 8; batch_size = 16; epochs = 0; steps = 20 }
            axes = [ordered]@{ lr = @(0.1, 0.2) }; seeds = 1
        } | ConvertTo-Json -Depth 5 | Set-Content -Path $spec -Encoding utf8NoBOM

        # -DeclineGrace takes seconds: 0.5 is half a second (PowerShell alone would read a number as ticks).
        { Start-Sweep -Path $spec -Output $out -Workers 1 -Port 0 -DeclineGrace 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'AllTrialsFailed*'
        $kept = Start-Sweep -Path $spec -Output $out -Workers 1 -Port 0 -Resume -SkipFailed -PassThru -WarningVariable keptWarnings
        $kept.Skipped | Should -Be 2
        ($kept.Completed + $kept.Failed) | Should -Be 0
        @($keptWarnings | Where-Object { "$_" -like 'retrying*' }).Count | Should -Be 0

        Set-Content -Path $data -Value (@('x1,x2,label') + (0..39 | ForEach-Object { '{0},{1},{2}' -f ($_ % 7), ($_ % 5), ($_ % 2) }))
        $summary = Start-Sweep -Path $spec -Output $out -Workers 1 -Port 0 -Resume -PassThru -WarningVariable warnings
        @($warnings | ForEach-Object { "$_" }) | Should -Contain 'retrying 2 failed trials of the earlier run; -SkipFailed to keep them as failed'
        $summary.Skipped | Should -Be 0
        $summary.Completed | Should -Be 2
        $status = Get-SweepStatus -Path $out
        ($status.Done, $status.Completed, $status.Failed) | Should -Be @(2, 2, 0)
    }

    It 'sends notices (a worker joined) to the verbose stream and only problems to the warning stream' {
        $out = Join-Path $Work 'notices'
        $port = Get-FreeTcpPort
        $sweep = Start-Sweep -Path $TinySpec -Output $out -Workers 0 -Port $port -AsJob
        $worker = Start-SweepWorker -Join "127.0.0.1:$port" -Slots 1 -AsJob
        try {
            $null = $sweep | Wait-Job -Timeout 120
            $sweep.State | Should -Be 'Completed'
            ($sweep.Verbose | ForEach-Object Message) -join "`n" | Should -Match 'joined with 1 slot'
            ($sweep.Warning | ForEach-Object Message) -join "`n" | Should -Not -Match 'joined'
        }
        finally {
            $worker | Stop-Job
            $worker, $sweep | Remove-Job -Force
        }
    }

    It 'shows the trial count and the first trials with -WhatIf, and runs nothing' {
        $out = Join-Path $Work 'whatif'
        $printed = Invoke-ChildPwsh "Import-Module '$ModulePath'; Start-Sweep -Path '$TinySpec' -Output '$out' -Port 0 -WhatIf"
        $first = [Sweep.Specs.TrialId]::Of(@((New-SweepSpec -Path $TinySpec).EnumerateTrials())[0])
        $printed | Should -Match 'What if: Run 4 of 4 trials'
        $printed | Should -Match $first
        $printed | Should -Match 'optimizer=sgd'
        Test-Path $out | Should -BeFalse
    }

    It 'refuses a folder that holds another sweep with SpecMismatch (InvalidOperation)' {
        $other = New-TinySpecFile -Directory $Work -Name other -Optimizer rmsprop, adagrad -Seeds 1 -Steps 10
        $err = { Start-Sweep -Path $other -Output (Join-Path $Work 'main') -Port 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SpecMismatch,Sweep.PsModule.Commands.StartSweepCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'reports a port in use as PortInUse (ResourceUnavailable)' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $err = { Start-Sweep -Path $TinySpec -Output (Join-Path $Work 'port') -Port $port -ErrorAction Stop } |
                Should -Throw -ErrorId 'PortInUse,Sweep.PsModule.Commands.StartSweepCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        }
        finally { $listener.Stop() }
    }

    It 'reports a bad spec file with InvalidSpec (InvalidArgument)' {
        $bad = Join-Path $Work 'bad.json'
        '{ "axes": { "norm": ["none", "groupnorm"] } }' | Set-Content $bad
        $err = { Start-Sweep -Path $bad -Output (Join-Path $Work 'bad') -Port 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSpec,Sweep.PsModule.Commands.StartSweepCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match ([regex]::Escape('axes.norm[1]'))
    }
}

Describe 'Stopping a sweep' {
    It 'stops on Ctrl+C (PowerShell.Stop) leaving a folder that -Resume completes' {
        $out = Join-Path $Work 'stopped'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModulePath'; Start-Sweep -Path '$SlowSpec' -Output '$out' -Workers 1 -Port 0")
            $results = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $inputs = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke($inputs, $results)
            Wait-Until { $results.Count -ge 1 -or $async.IsCompleted } 'the first trial'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }

        $status = Get-SweepStatus -Path $out
        $status.State | Should -Be 'Incomplete'
        $status.Done | Should -BeGreaterOrEqual 1
        $status.Done | Should -BeLessThan $SlowTotal
        $done = $status.Done

        $rest = @(Start-Sweep -Path $SlowSpec -Output $out -Workers 2 -Port 0 -Resume)
        $rest.Count | Should -Be ($SlowTotal - $done)
        $all = @(Get-SweepTrial -Path $out)
        $all.Count | Should -Be $SlowTotal
        @($all.TrialId | Sort-Object -Unique).Count | Should -Be $SlowTotal
        (Get-SweepStatus -Path $out).State | Should -Be 'Complete'
    }

    It 'runs as a job with -AsJob: Receive-Job streams typed results' {
        $out = Join-Path $Work 'job'
        $job = Start-Sweep -Path $TinySpec -Output $out -Workers 2 -Port 0 -AsJob
        $job.PSJobTypeName | Should -Be 'SweepJob'
        (Get-Job -Id $job.Id).Id | Should -Be $job.Id
        $results = @($job | Receive-Job -Wait -AutoRemoveJob)
        $results.Count | Should -Be 4
        $results[0].pstypenames[0] | Should -Be 'Sweep.TrialResult'
        (Get-SweepStatus -Path $out).State | Should -Be 'Complete'
    }

    It 'stops a job cleanly with Stop-Job and Stop-Sweep; -Resume finishes it' -ForEach @(
        @{ How = 'Stop-Job' }, @{ How = 'Stop-Sweep' }) {
        $out = Join-Path $Work "job-$How"
        $job = Start-Sweep -Path $SlowSpec -Output $out -Workers 1 -Port 0 -AsJob
        Wait-Until { $job.Output.Count -ge 1 -or $job.State -ne 'Running' } 'the first trial of the job'
        $live = Get-SweepStatus -Job $job
        $live.Total | Should -Be $SlowTotal
        if ($How -eq 'Stop-Job') { $job | Stop-Job } else { $job | Stop-Sweep }
        $job.State | Should -Be 'Stopped'
        $job | Remove-Job

        $done = (Get-SweepStatus -Path $out).Done
        $done | Should -BeLessThan $SlowTotal
        $summary = Start-Sweep -Path $SlowSpec -Output $out -Workers 2 -Port 0 -Resume -PassThru
        $summary.Skipped | Should -Be $done
        (Get-SweepStatus -Path $out).Done | Should -Be $SlowTotal
    }
}
