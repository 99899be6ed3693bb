using System.Management.Automation;

namespace Sweep.PsModule.Views;

/// <summary>Wraps output objects so that PowerShell sees their short type name (for Sweep.Format.ps1xml and Get-Member).</summary>
internal static class PsObjects
{
    /// <summary>The object as a PSObject whose first type name is <paramref name="typeName"/> (e.g. "Sweep.TrialResult").</summary>
    public static PSObject Typed(object value, string typeName)
    {
        var wrapped = PSObject.AsPSObject(value);
        if (wrapped.TypeNames.Count == 0 || wrapped.TypeNames[0] != typeName)
        {
            wrapped.TypeNames.Insert(0, typeName);
        }

        return wrapped;
    }
}
