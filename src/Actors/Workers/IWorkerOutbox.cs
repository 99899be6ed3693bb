using Sweep.Engine.Training;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Workers;

/// <summary>
/// What <see cref="SweepWorker{TActor}"/> asks of its actor: the Akka side effects (messages, death watch,
/// registration, starting a trial on a slot's thread). A test records them instead.
/// </summary>
internal interface IWorkerOutbox<in TActor>
{
    void Tell(TActor to, object message);

    void Watch(TActor coordinator);

    /// <summary>Send <see cref="RegisterWorker"/> to the coordinator, wherever it is known to be (nowhere yet: drop it).</summary>
    void Register(RegisterWorker register);

    /// <summary>
    /// Run the trial on the slot's thread; its end comes back as <see cref="SlotEnded"/>, its progress and (when the
    /// assignment asks) its evaluation points as <see cref="SlotProgressed"/> and <see cref="SlotEvaluated"/>. Returns the
    /// run's control, already set to stop at the assignment's <see cref="AssignTrial.StopAtStep"/>.
    /// </summary>
    TrialControl Start(AssignTrial assign, CancellationToken token);
}
