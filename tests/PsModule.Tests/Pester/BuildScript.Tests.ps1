# build.ps1's test summary ("N passed, N failed, N skipped") counts what vstest's trx files record.
param([Parameter(Mandatory)] [string] $ModulePath)

BeforeAll {
    # Define build.ps1's Get-TrxCounts here without running the build: take the function from the script's syntax tree.
    $buildScript = Join-Path $PSScriptRoot '../../../build.ps1'
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Resolve-Path $buildScript).ProviderPath, [ref] $tokens, [ref] $errors)
    $errors | Should -BeNullOrEmpty
    $function = $ast.Find({ param($node)
            $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-TrxCounts' }, $true)
    $function | Should -Not -BeNullOrEmpty -Because 'build.ps1 defines Get-TrxCounts'
    . ([scriptblock]::Create($function.Extent.Text))
}

Describe 'build.ps1 Test summary' {
    It 'counts a skipped xunit test although vstest leaves the notExecuted counter at 0' {
        $counts = Get-TrxCounts (Join-Path $PSScriptRoot 'data/skipped.trx')
        $counts.Passed | Should -Be 1
        $counts.Failed | Should -Be 1
        $counts.Skipped | Should -Be 1
    }
}
