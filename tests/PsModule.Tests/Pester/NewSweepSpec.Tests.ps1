# New-SweepSpec: from parameters, a file and a hashtable; bad specs give InvalidSpec with the JSON path.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    . (Join-Path $PSScriptRoot 'SweepTestHelpers.ps1')
    Import-Module $ModulePath -Force
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "sweep-spec-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory $Work | Out-Null
}

AfterAll { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'New-SweepSpec' {
    It 'crosses every factor given several values, times the seeds' {
        $spec = New-SweepSpec -Name grid -Dataset moons -Optimizer sgd, momentum, adam -Norm none, layernorm -Depth 2, 4 -Seeds 3 -Epochs 2
        $spec.pstypenames[0] | Should -Be 'Sweep.Spec'
        $spec.Name | Should -Be 'grid'
        $spec.CountTrials() | Should -Be (3 * 2 * 2 * 3)
        $spec.Base.Dataset | Should -Be 'moons'
        ($spec.Axes.Field | Sort-Object) | Should -Be @('depth', 'norm', 'optimizer')
        $spec.Seeds | Should -Be @(0, 1, 2)
    }

    It 'puts a factor with one value in the base settings' {
        $spec = New-SweepSpec -Optimizer adam -Depth 3, 5 -Set @{ noise = 0.3 }
        $spec.Base.Optimizer | Should -Be 'adam'
        $spec.Base.Noise | Should -Be 0.3
        $spec.Axes.Field | Should -Be @('depth')
    }

    It 'writes canonical JSON with -OutFile that -Path reads back to the same sweep' {
        $file = Join-Path $Work 'written.json'
        $spec = New-SweepSpec -Name roundtrip -Optimizer sgd, adam -Seeds 2 -Steps 50 -Epochs 0 -OutFile $file
        Test-Path $file | Should -BeTrue
        $again = New-SweepSpec -Path $file
        $again.SweepId | Should -Be $spec.SweepId
        $again.CountTrials() | Should -Be 4
    }

    It 'builds a spec from a hashtable in the JSON shape' {
        $spec = @{ name = 'table'; axes = @{ optimizer = 'sgd', 'adam'; residual = $true, $false }; seeds = 2 } | New-SweepSpec
        $spec.CountTrials() | Should -Be 8
    }

    It 'rejects a bad spec file with InvalidSpec, InvalidArgument and the JSON path of each error' {
        $file = Join-Path $Work 'bad.json'
        '{ "name": "bad", "axes": { "optimizer": ["sgd", "adamm"], "depth": [2, -1] } }' | Set-Content $file
        $err = { New-SweepSpec -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSpec,Sweep.PsModule.Commands.NewSweepSpecCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match ([regex]::Escape('axes.optimizer[1]'))
        $err.Exception.Message | Should -Match ([regex]::Escape('axes.depth[1]'))
        $err.Exception.Message | Should -Match 'bad.json:\d+:\d+'
    }

    It 'rejects a bad hashtable with InvalidSpec naming the key' {
        $err = { New-SweepSpec -Definition @{ axes = @{ optimizr = 'sgd', 'adam' } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSpec,Sweep.PsModule.Commands.NewSweepSpecCommand' -PassThru
        $err.Exception.Message | Should -Match 'axes.optimizr'
    }

    It 'reports a missing spec file as ObjectNotFound' {
        $err = { New-SweepSpec -Path (Join-Path $Work 'absent.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SpecFileNotFound,Sweep.PsModule.Commands.NewSweepSpecCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
