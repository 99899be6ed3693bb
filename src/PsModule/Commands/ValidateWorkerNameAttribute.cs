using System.Management.Automation;
using Sweep.Actors;

namespace Sweep.PsModule.Commands;

/// <summary>Start-SweepWorker -Name: one word of at most <see cref="WorkerIdentity.MaxNameLength"/> characters (<see cref="WorkerIdentity.Problem"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateWorkerNameAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string name = (arguments is PSObject wrapped ? wrapped.BaseObject : arguments)?.ToString() ?? "";
        if (WorkerIdentity.Problem(name) is { } problem)
        {
            throw new ValidationMetadataException($"A worker name {problem}.");
        }
    }
}
