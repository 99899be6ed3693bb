using Sweep.Actors;
using Sweep.Results;

namespace Sweep.Dashboard;

/// <summary>Observers side by side: the dashboard listens to a sweep without replacing its console or pipeline observer.</summary>
public static class SweepObservers
{
    public static ISweepObserver Both(ISweepObserver first, ISweepObserver second) => new Tee(first, second);

    private sealed class Tee(ISweepObserver first, ISweepObserver second) : ISweepObserver
    {
        public void OnTrialFinished(TrialRecord record)
        {
            first.OnTrialFinished(record);
            second.OnTrialFinished(record);
        }

        public void OnProgress(SweepProgress progress)
        {
            first.OnProgress(progress);
            second.OnProgress(progress);
        }

        public void OnMessage(string message)
        {
            first.OnMessage(message);
            second.OnMessage(message);
        }

        public void OnNotice(string notice)
        {
            first.OnNotice(notice);
            second.OnNotice(notice);
        }
    }
}
