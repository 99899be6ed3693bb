# Issue 14: the module as PowerShell users expect it: pipeline input, wildcards and several folders, clear
# stop and resume, local sweeps side by side, flat objects, accurate progress, parameters and completion.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    . (Join-Path $PSScriptRoot 'SweepTestHelpers.ps1')
    Import-Module $ModulePath -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sweep-habits-$([guid]::NewGuid().ToString('n'))"
    $script:Spec = New-TinySpecFile -Directory $Work -Name habits -Optimizer sgd, adam -Seeds 2 -Steps 30
    $script:Runs = Join-Path $Work 'runs'
    $script:Q = Join-Path $Runs 'q'
    $script:L1 = Join-Path $Runs 'l1'
    $null = Start-Sweep -Path $Spec -Output $Q -Workers 2
    $null = Start-Sweep -Path $Spec -Output $L1 -Workers 2
    Push-Location $Work
}

AfterAll {
    Pop-Location
    Get-Job | Where-Object PSJobTypeName -like 'Sweep*' | Remove-Job -Force
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Run folders from the pipeline, with wildcards and several folders' {
    It 'binds a folder name piped as a string' {
        @('runs/q' | Get-SweepTrial).Count | Should -Be 4
        ('runs/q' | Get-SweepStatus).Done | Should -Be 4
    }

    It 'binds Get-Item and Get-ChildItem -Directory output (PSPath to -LiteralPath)' {
        (Get-Item runs/q | Get-SweepStatus).Path | Should -Be $Q
        $statuses = @(Get-ChildItem runs -Directory | Get-SweepStatus)
        ($statuses.Path | Sort-Object) | Should -Be (@($L1, $Q) | Sort-Object)
    }

    It 'expands wildcards in -Path and labels each output with its folder' {
        $trials = @(Get-SweepTrial -Path 'runs/*')
        $trials.Count | Should -Be 8
        ($trials.Path | Sort-Object -Unique) | Should -Be (@($L1, $Q) | Sort-Object)
        @(Get-SweepTrial -Path 'runs/l*').Path | Sort-Object -Unique | Should -Be $L1
    }

    It 'takes -LiteralPath as typed and reports a pattern that matches nothing as RunFolderNotFound' {
        @(Get-SweepTrial -LiteralPath runs/q).Count | Should -Be 4
        { Get-SweepTrial -Path 'runs/zz*' -ErrorAction Stop } | Should -Throw -ErrorId 'RunFolderNotFound,Sweep.PsModule.Commands.GetSweepTrialCommand'
        { Get-SweepTrial -LiteralPath 'runs/q*' -ErrorAction Stop } | Should -Throw -ErrorId 'RunFolderNotFound,Sweep.PsModule.Commands.GetSweepTrialCommand'
    }

    It 'ranks once per folder, not once per piped trial' {
        @(Get-SweepTrial -Path runs/q | Get-SweepRanking -Top 1).Count | Should -Be 1
        @(Get-SweepTrial -Path runs/q | Measure-SweepFactor -Metric speed).Count | Should -Be 1
        $two = @(Get-SweepRanking -Path runs/q, runs/l1 -Top 1)
        $two.Count | Should -Be 2
        $two.Path | Should -Be @($Q, $L1)
    }

    It 'writes one report per folder from piped trials' {
        $reports = @(Get-SweepTrial -Path 'runs/*' | Export-SweepReport)
        ($reports.FullName | Sort-Object) | Should -Be (@((Join-Path $L1 'report.html'), (Join-Path $Q 'report.html')) | Sort-Object)
    }

    It 'labels curve points with their folder' {
        $points = @(Get-SweepTrial -Path runs/q -Seed 0 -Optimizer sgd | Get-SweepCurve)
        $points.Count | Should -BeGreaterThan 0
        $points.Path | Sort-Object -Unique | Should -Be $Q
    }

    It 'gives the status of a sweep job piped to it' {
        $job = Start-Sweep -Path $Spec -Output (Join-Path $Runs 'jobstatus') -Workers 1 -AsJob
        try {
            ($job | Get-SweepStatus).Path | Should -Be (Join-Path $Runs 'jobstatus')
            $null = $job | Wait-Job -Timeout 120
            $job.State | Should -Be 'Completed'
        }
        finally { $job | Remove-Job -Force }
    }
}

Describe 'Stop and resume' {
    It 'counts only the trials that would run with -WhatIf' {
        $printed = Invoke-ChildPwsh "Import-Module '$ModulePath'; Start-Sweep -Path '$Spec' -Output '$Q' -WhatIf"
        $printed | Should -Match 'What if: Run 0 of 4 trials'
        $printed | Should -Match '4 already finished there'
    }

    It 'names -Extend and -Fresh when the folder holds another sweep' {
        $other = New-TinySpecFile -Directory $Work -Name other -Optimizer rmsprop -Seeds 1 -Steps 10
        $err = { Start-Sweep -Path $other -Output $Q -ErrorAction Stop } | Should -Throw -ErrorId 'SpecMismatch,Sweep.PsModule.Commands.StartSweepCommand' -PassThru
        $err.ToString() | Should -Match '-Extend'
        $err.ToString() | Should -Match '-Fresh'
        $err.ToString() | Should -Not -Match 'mode (Extend|Fresh)'
    }

    It 'says how far it got when Ctrl+C (SIGINT) stops a sweep, and -Resume finishes it' -Skip:($IsWindows) {
        # Sized so the sweep cannot finish in the time a stop takes, on a fast or a loaded machine: the signal goes
        # out as soon as the first result is printed, and the other 11 trials (40,000 steps each, about a second on
        # a quiet machine) take many times the CPU that handling the signal and cancelling the sweep does; a loaded
        # machine slows both alike.
        $slow = New-TinySpecFile -Directory $Work -Name slow -Optimizer sgd, momentum, adam -Seeds 4 -Steps 40000 -Samples 512 -Width 32
        $out = Join-Path $Runs 'sigint'
        $script = "Import-Module '$ModulePath'; Start-Sweep -Path '$slow' -Output '$out' -Workers 1 | ForEach-Object { 'result ' + `$_.TrialId }"
        # The child gets SIGINT at its default disposition, as a program run in a terminal has it: a test run started in
        # the background of a script inherits SIGINT ignored, and a pwsh that ignores SIGINT cannot see it at all.
        $info = New-ChildPwshStartInfo -Script $script -DefaultSigInt
        if ($null -eq $info) {
            Set-ItResult -Skipped -Because 'SIGINT is ignored in this process (started in the background of a script?) and env --default-signal is not available to give the child the default back'
            return
        }
        $process = [Diagnostics.Process]::Start($info)
        try {
            $stderr = $process.StandardError.ReadToEndAsync()
            $seen = [Text.StringBuilder]::new()
            while ($true) {
                # Waits on the child's own output, with a bound that only guards against a hang.
                $read = $process.StandardOutput.ReadLineAsync()
                $read.Wait([TimeSpan]::FromMinutes(5)) | Should -BeTrue -Because "the sweep writes its first result; so far: $seen"
                # (Not $stderr.Result here: the -Because text is built before Should runs, and that waits for the child's end.)
                $read.Result | Should -Not -BeNullOrEmpty -Because "the sweep writes a result before it ends; it wrote: $seen"
                [void] $seen.AppendLine($read.Result)
                if ($read.Result -like 'result *') { break }
            }
            # By now the child is the pwsh (not env, which execs it): say plainly when it could not see the signal.
            Test-SigIntIgnored -ProcessId $process.Id | Should -Not -BeTrue -Because 'the child must not ignore SIGINT, or Ctrl+C cannot reach it'
            & kill -INT $process.Id
            # Everything the child prints until it ends: its "stopped:" line comes last, after the sweep has ended.
            $rest = $process.StandardOutput.ReadToEndAsync()
            $rest.Wait([TimeSpan]::FromMinutes(5)) | Should -BeTrue -Because 'Ctrl+C ends the sweep'
            $process.WaitForExit(60000) | Should -BeTrue -Because 'the child exits once its output has ended'
            $printed = $seen.ToString() + $rest.Result + $stderr.Result
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) }; $process.Dispose() }

        $printed -match 'stopped: (\d+) of 12 trials finished; run again with -Resume' | Should -BeTrue -Because "the child says how far it got: $printed"
        $said = [int] $Matches[1]
        $done = (Get-SweepStatus -Path $out).Done
        $done | Should -Be $said -Because 'the stop line counts what the folder holds'
        $done | Should -BeGreaterOrEqual 1
        $done | Should -BeLessThan 12 -Because "the stop takes effect before the sweep ends; the child printed: $printed"
        $summary = Start-Sweep -Path $slow -Output $out -Workers 2 -Resume -PassThru
        $summary.Skipped | Should -Be $done
        (Get-SweepStatus -Path $out).State | Should -Be 'Complete'
    }
}

Describe 'Local sweeps side by side' {
    It 'runs a local sweep while port 4053 is held by another listener' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 4053)
        $held = $true
        try { $listener.Start() } catch { $held = $false } # taken already: by someone else, which is the same test
        try {
            $summary = Start-Sweep -Path $Spec -Output (Join-Path $Runs 'port4053') -Workers 2 -PassThru
            $summary.Completed + $summary.Diverged + $summary.Failed | Should -Be 4
        }
        finally { if ($held) { $listener.Stop() } }
    }

    It 'runs two local -AsJob sweeps at once; both finish and show progress records' {
        $a = Start-Sweep -Path $Spec -Output (Join-Path $Runs 'job-a') -Workers 1 -AsJob
        $b = Start-Sweep -Path $Spec -Output (Join-Path $Runs 'job-b') -Workers 1 -AsJob
        try {
            $null = $a, $b | Wait-Job -Timeout 180
            $a.State | Should -Be 'Completed'
            $b.State | Should -Be 'Completed'
            foreach ($job in $a, $b) {
                $job.Progress.Count | Should -BeGreaterThan 0
                $job.Progress[0].StatusDescription | Should -Match '^\d+/4 done'
                @($job | Receive-Job).Count | Should -Be 4
            }
        }
        finally { $a, $b | Remove-Job -Force }
    }
}

Describe 'Flat objects' {
    BeforeAll { $script:Trial = @(Get-SweepTrial -Path runs/q -Optimizer adam -Seed 0)[0] }

    It 'has every setting and summary metric as its own typed property' {
        $Trial.Lr | Should -BeOfType [double]
        $Trial.Depth | Should -BeOfType [int]
        $Trial.Optimizer | Should -Be 'adam'
        $Trial.FinalTrainLoss | Should -BeOfType [double]
        $Trial.GradNormMedian | Should -BeOfType [double]
        $Trial.VanishingRatio | Should -BeOfType [double]
        foreach ($field in [Sweep.Engine.Training.ResultFields]::Summary) {
            $name = -join ($field.Name -split '_' | ForEach-Object { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) })
            $Trial.psobject.Properties.Name | Should -Contain $name
        }
    }

    It 'sorts and filters on the flat properties' {
        @(Get-SweepTrial -Path runs/q | Where-Object Optimizer -eq 'sgd').Count | Should -Be 2
        $sorted = @(Get-SweepTrial -Path runs/q | Sort-Object GradNormMedian)
        $sorted[0].GradNormMedian | Should -BeLessOrEqual $sorted[-1].GradNormMedian
    }

    It 'shows no record text in Format-List * and exports UTC ISO 8601 times to CSV' {
        $list = $Trial | Format-List * | Out-String
        $list | Should -Not -Match 'TrialConfig \{|TrialSummary \{'
        $Trial.StartedAt -is [DateTimeOffset] | Should -BeTrue
        $Trial.StartedAt.Offset | Should -Be ([TimeSpan]::Zero)
        $csv = $Trial | ConvertTo-Csv | ConvertFrom-Csv
        $csv.StartedAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
        $csv.GradNormMedian | Should -Not -BeNullOrEmpty
        $csv.psobject.Properties.Name | Should -Not -Contain 'Config'
        $status = Get-SweepStatus -Path runs/q | ConvertTo-Csv | Out-String
        $status | Should -Not -Match 'System\.Collections|WorkerStatus'
        $status | Should -Match 'WorkerSummary'
    }

    It 'shows the axes that vary in the default table and leaves out constant settings' {
        $table = Get-SweepTrial -Path runs/q | Out-String -Width 80
        $table | Should -Match 'optimizer=adam'
        $table | Should -Not -Match 'he-normal'
    }

    It 'shows the spec of a sweep with grids by its declared axes and every dataset' {
        $spec = New-SweepSpec -Definition @{
            name = 'two-grids'; seeds = 1; steps = 10
            grids = @(
                @{ name = 'a'; dataset = @{ dataset = 'spirals' }; target_loss = 0.5; axes = @{ optimizer = 'sgd', 'adam' } }
                @{ name = 'b'; dataset = @{ dataset = 'moons' }; target_loss = 0.3; axes = @{ norm = 'none', 'batchnorm' } })
        }
        $text = $spec | Format-List | Out-String
        $text | Should -Match 'Axes\s+: norm: none, batchnorm; optimizer: sgd, adam'
        $text | Should -Not -Match 'target_loss'
        $text | Should -Match 'Dataset\s+: spirals, moons'
    }
}

Describe 'Parameters' {
    It 'takes several values in every setting filter' {
        @(Get-SweepTrial -Path runs/q -Optimizer sgd, adam).Count | Should -Be 4
        @(Get-SweepTrial -Path runs/q -Seed 0, 1 -Optimizer adam).Count | Should -Be 2
        @(Get-SweepTrial -Path runs/q -Where @{ optimizer = 'sgd', 'adam'; seed = 1 }).Count | Should -Be 2
    }

    It 'reports a bad filter as InvalidTrialFilter (InvalidArgument) naming the key' {
        $err = { Get-SweepTrial -Path runs/q -Where @{ learning_rate = 0.1 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTrialFilter,Sweep.PsModule.Commands.GetSweepTrialCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "-Where key 'learning_rate'"
    }

    It 'reports a malformed trial id as MalformedTrialId (InvalidArgument), not as not found' {
        $err = { Get-SweepTrial -Path runs/q -TrialId xyz -ErrorAction Stop } |
            Should -Throw -ErrorId 'MalformedTrialId,Sweep.PsModule.Commands.GetSweepTrialCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Get-SweepCurve -Path runs/q -TrialId xyz -ErrorAction Stop } | Should -Throw -ErrorId 'MalformedTrialId,Sweep.PsModule.Commands.GetSweepCurveCommand'
    }

    It 'does not offer values already typed after a comma' {
        $line = 'Get-SweepTrial -Path runs/q -Optimizer sgd,'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'adam'
        $completions | Should -Not -Contain 'sgd'
    }

    # PowerShell completes hashtable keys from the parameter's type (CompletionCompleters.CompleteHashtableKey),
    # never through an argument completer: these parameters are typed TrialSettings, whose keys the module
    # adds as type data built from the config field table.
    It 'completes every setting as a key inside the -<Parameter> hashtable of <Command>' -ForEach @(
        @{ Command = 'Get-SweepTrial -Path runs/q'; Parameter = 'Where' }
        @{ Command = 'Invoke-SweepTrial'; Parameter = 'Config' }
        @{ Command = 'New-SweepSpec -Optimizer sgd'; Parameter = 'Set' }) {
        $fields = [Sweep.Engine.Config.ConfigSchema]::Fields.Name
        $line = "$Command -$Parameter @{"
        $all = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $all.CompletionText | Sort-Object | Should -Be ($fields | Sort-Object)
        $all.ResultType | Sort-Object -Unique | Should -Be 'Property'

        $line = "$Command -$Parameter @{ lr"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Sort-Object | Should -Be (@($fields) -like 'lr*' | Sort-Object)
    }

    It 'leaves out keys already in the hashtable, on one line or several, and shows the description' {
        $line = "Get-SweepTrial -Path runs/q -Where @{ lr = 0.1; optimizer = 'sgd'`n    l"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain 'lr_schedule'
        $completions.CompletionText | Should -Not -Contain 'lr'

        $line = 'Get-SweepTrial -Path runs/q -Where @{ optimizer = 1; opt'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count | Should -Be 0

        $line = 'Get-SweepTrial -Where @{ optim'
        $match = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Select-Object -First 1
        $match.CompletionText | Should -Be 'optimizer'
        $match.ToolTip | Should -Match 'One of: sgd, momentum'
    }

    It 'still takes hashtables and says what to give otherwise' {
        $where = @{ optimizer = 'adam' }
        @(Get-SweepTrial -Path runs/q -Where $where).Optimizer | Sort-Object -Unique | Should -Be 'adam'
        @(Get-SweepTrial -Path runs/q -Where ([ordered]@{ seed = 1 })).Count | Should -Be 2
        $err = { Get-SweepTrial -Path runs/q -Where 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,Sweep.PsModule.Commands.GetSweepTrialCommand' -PassThru
        $err.Exception.Message | Should -Match "parameter 'Where'.*Give a hashtable of trial settings"
    }

    It 'adds the key completion with the module and removes it with the module' {
        $line = 'Get-SweepTrial -Where @{ optim'
        $printed = Invoke-ChildPwsh ("function keys { @((TabExpansion2 -inputScript '$line' -cursorColumn $($line.Length)).CompletionMatches.CompletionText) -join ',' }; " +
            "'before=' + (keys); Import-Module '$ModulePath'; 'imported=' + (keys); Remove-Module Sweep; 'removed=' + (keys)")
        $printed | Should -Match 'before=\r?\n'
        $printed | Should -Match 'imported=optimizer'
        $printed | Should -Match 'removed=\r?\n'
    }

    It 'lists every metric of -<Parameter> of <Command> in the help' -ForEach @(
        @{ Command = 'Get-SweepRanking'; Parameter = 'By' }, @{ Command = 'Measure-SweepFactor'; Parameter = 'Metric' }) {
        [xml] $maml = Get-Content -Raw (Join-Path $ModulePath 'en-US/Sweep.dll-Help.xml')
        $help = $maml.helpItems.command | Where-Object { $_.details.name -eq $Command }
        $parameter = $help.syntax.syntaxItem.parameter | Where-Object { $_.name -eq $Parameter } | Select-Object -First 1
        $documented = @($parameter.parameterValueGroup.parameterValue | ForEach-Object { $_.'#text' })
        $documented | Sort-Object | Should -Be ([Sweep.PsModule.Completion.MetricValues]::new().GetValidValues() | Sort-Object)
    }
}
