using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Sweep.PsModule.Completion;

/// <summary>
/// Adds the type data that completion relies on (<see cref="TrialSettings.KeyTypeData"/>) to the session
/// importing the module, and removes it with the module. It is built from the config field table at import
/// rather than shipped as a types.ps1xml, so it cannot fall out of step with the engine.
/// </summary>
public sealed class ModuleTypeData : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => Invoke("Update-TypeData", TrialSettings.KeyTypeData(), force: true);

    public void OnRemove(PSModuleInfo psModuleInfo) => Invoke("Remove-TypeData", TrialSettings.KeyTypeData(), force: false);

    private static void Invoke(string command, TypeData typeData, bool force)
    {
        // A runspace being opened with the module in its InitialSessionState has no current runspace yet: it
        // then lacks only key completion, which needs an interactive session anyway.
        if (Runspace.DefaultRunspace is null)
        {
            return;
        }

        using var powerShell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        powerShell.AddCommand($"Microsoft.PowerShell.Utility\\{command}").AddParameter("TypeData", typeData);
        if (force)
        {
            powerShell.AddParameter("Force");
        }

        powerShell.Invoke();
    }
}
