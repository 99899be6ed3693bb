using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Protocol;

/// <summary>
/// Binary serializer for every <see cref="SweepProtocol"/> message (bound in <see cref="ClusterConfig"/>; strict
/// mode rejects anything unbound). Little-endian <see cref="BinaryWriter"/> layout, one short manifest per type.
/// Both ends run the same engine version (checked at registration), so the layout carries no version of its own;
/// trial configs travel as (field name, value) pairs so a renamed field fails loudly instead of shifting values.
/// </summary>
public sealed class SweepMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves 0..100; this id is Sweep's own.</summary>
    public const int SerializerId = 7101;

    private const string RegisterWorkerManifest = "reg";
    private const string WorkerAcceptedManifest = "acc";
    private const string WorkerRefusedManifest = "ref";
    private const string RegisterAgainManifest = "rag";
    private const string WorkAvailableManifest = "wav";
    private const string RequestWorkManifest = "req";
    private const string AssignTrialManifest = "asg";
    private const string ProgressManifest = "prg";
    private const string ResultPartManifest = "prt";
    private const string FinishedManifest = "fin";
    private const string FinishedAckManifest = "ack";
    private const string FailedManifest = "fai";
    private const string DeclinedManifest = "dec";
    private const string CancelManifest = "can";
    private const string EvaluatedManifest = "evl";
    private const string StopManifest = "stp";
    private const string ContinueManifest = "cnt";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RegisterWorker => RegisterWorkerManifest,
        WorkerAccepted => WorkerAcceptedManifest,
        WorkerRefused => WorkerRefusedManifest,
        RegisterAgain => RegisterAgainManifest,
        WorkAvailable => WorkAvailableManifest,
        RequestWork => RequestWorkManifest,
        AssignTrial => AssignTrialManifest,
        TrialProgressReport => ProgressManifest,
        TrialResultPart => ResultPartManifest,
        TrialFinished => FinishedManifest,
        TrialFinishedAck => FinishedAckManifest,
        TrialFailed => FailedManifest,
        TrialDeclined => DeclinedManifest,
        CancelTrial => CancelManifest,
        TrialEvaluated => EvaluatedManifest,
        StopTrial => StopManifest,
        ContinueTrial => ContinueManifest,
        _ => throw new ArgumentException($"{nameof(SweepMessageSerializer)} cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            Write(writer, obj);
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            return Read(reader, manifest);
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"truncated '{manifest}' message ({bytes.Length} bytes)", e);
        }
    }

    private static void Write(BinaryWriter w, object obj)
    {
        switch (obj)
        {
            case RegisterWorker m:
                w.Write(m.Name);
                w.Write(m.Slots);
                w.Write(m.EngineVersion);
                w.Write(m.Host);
                break;
            case WorkerAccepted m:
                w.Write(m.SweepId);
                break;
            case WorkerRefused m:
                w.Write(m.Reason);
                break;
            case RegisterAgain or WorkAvailable:
                break;
            case RequestWork m:
                w.Write(m.Slot);
                break;
            case AssignTrial m:
                w.Write(m.Slot);
                w.Write(m.TrialId.Value);
                w.Write(m.Attempt);
                w.Write(m.DeadlineUtc.ToBinary());
                WriteConfig(w, m.Config);
                w.Write(m.StreamEvaluations);
                w.Write(m.StopAtStep);
                WriteHoldPoints(w, m.HoldAt);
                break;
            case TrialProgressReport m:
                w.Write(m.TrialId.Value);
                w.Write(m.Attempt);
                w.Write(m.Step);
                w.Write(m.TotalSteps);
                w.Write(m.TrainLoss);
                break;
            case TrialResultPart m:
                w.Write(m.TrialId.Value);
                w.Write(m.Attempt);
                w.Write(m.Index);
                WriteCurve(w, m.Curve);
                WriteLayers(w, m.Layers);
                break;
            case TrialFinished m:
                w.Write(m.Slot);
                w.Write(m.TrialId.Value);
                w.Write(m.Attempt);
                w.Write((int)m.Status);
                w.Write(m.Worker);
                w.Write(m.WorkerHost);
                w.Write(m.StartedAt.ToBinary());
                w.Write(m.FinishedAt.ToBinary());
                w.Write(m.DurationSeconds);
                WriteSummary(w, m.Summary);
                w.Write(m.PartsBefore);
                WriteCurve(w, m.Curve);
                WriteLayers(w, m.Layers);
                break;
            case TrialFinishedAck m:
                w.Write(m.TrialId.Value);
                break;
            case TrialFailed m:
                WriteAttemptEnd(w, m.Slot, m.TrialId, m.Attempt, m.Error);
                break;
            case TrialDeclined m:
                WriteAttemptEnd(w, m.Slot, m.TrialId, m.Attempt, m.Reason);
                break;
            case CancelTrial m:
                w.Write(m.TrialId.Value);
                break;
            case TrialEvaluated m:
                w.Write(m.TrialId.Value);
                w.Write(m.Attempt);
                w.Write(m.TotalSteps);
                WriteCurve(w, [m.Point]);
                w.Write(m.AwaitsVerdict);
                break;
            case StopTrial m:
                w.Write(m.TrialId.Value);
                w.Write(m.AtStep);
                break;
            case ContinueTrial m:
                w.Write(m.TrialId.Value);
                w.Write(m.AtStep);
                break;
            default:
                throw new ArgumentException($"{nameof(SweepMessageSerializer)} cannot serialize {obj.GetType().FullName}", nameof(obj));
        }
    }

    private static object Read(BinaryReader r, string manifest) => manifest switch
    {
        RegisterWorkerManifest => new RegisterWorker(r.ReadString(), r.ReadInt32(), r.ReadString(), ReadTrailingString(r)),
        WorkerAcceptedManifest => new WorkerAccepted(r.ReadString()),
        WorkerRefusedManifest => new WorkerRefused(r.ReadString()),
        RegisterAgainManifest => RegisterAgain.Instance,
        WorkAvailableManifest => WorkAvailable.Instance,
        RequestWorkManifest => new RequestWork(r.ReadInt32()),
        AssignTrialManifest => new AssignTrial(
            r.ReadInt32(), ReadTrialId(r), r.ReadInt32(), DateTime.FromBinary(r.ReadInt64()), ReadConfig(r), r.ReadBoolean(), r.ReadInt64(), ReadHoldPoints(r)),
        ProgressManifest => new TrialProgressReport(ReadTrialId(r), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadDouble()),
        ResultPartManifest => new TrialResultPart(ReadTrialId(r), r.ReadInt32(), r.ReadInt32(), ReadCurve(r), ReadLayers(r)),
        FinishedManifest => new TrialFinished(
            r.ReadInt32(), ReadTrialId(r), r.ReadInt32(), ReadStatus(r), r.ReadString(), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64()), DateTime.FromBinary(r.ReadInt64()), r.ReadDouble(),
            ReadSummary(r), r.ReadInt32(), ReadCurve(r), ReadLayers(r)),
        FinishedAckManifest => new TrialFinishedAck(ReadTrialId(r)),
        FailedManifest => new TrialFailed(r.ReadInt32(), ReadTrialId(r), r.ReadInt32(), r.ReadString()),
        DeclinedManifest => new TrialDeclined(r.ReadInt32(), ReadTrialId(r), r.ReadInt32(), r.ReadString()),
        CancelManifest => new CancelTrial(ReadTrialId(r)),
        EvaluatedManifest => new TrialEvaluated(ReadTrialId(r), r.ReadInt32(), r.ReadInt64(), ReadPoint(r), r.ReadBoolean()),
        StopManifest => new StopTrial(ReadTrialId(r), r.ReadInt64()),
        ContinueManifest => new ContinueTrial(ReadTrialId(r), r.ReadInt64()),
        _ => throw new SerializationException($"unknown sweep message manifest '{manifest}'"),
    };

    private static void WriteHoldPoints(BinaryWriter w, RungSchedule? holds)
    {
        w.Write(holds.HasValue);
        w.Write(holds?.MinSteps ?? 0);
        w.Write(holds?.Eta ?? 0);
    }

    /// <summary>An assignment's hold points: a flag, then the schedule's first rung and factor (written whether or not the flag is set).</summary>
    private static RungSchedule? ReadHoldPoints(BinaryReader r)
    {
        bool hold = r.ReadBoolean();
        long minSteps = r.ReadInt64();
        int eta = r.ReadInt32();
        return hold ? new RungSchedule(minSteps, eta) : null;
    }

    /// <summary>A string appended to a message in a later layout: "" when the sender's layout ends before it.</summary>
    private static string ReadTrailingString(BinaryReader r) => r.BaseStream.Position == r.BaseStream.Length ? "" : r.ReadString();

    /// <summary>A trial id travels as its 64 bits (<see cref="TrialId.Value"/>), not as text.</summary>
    private static TrialId ReadTrialId(BinaryReader r) => new(r.ReadUInt64());

    private static TrialStatus ReadStatus(BinaryReader r)
    {
        int value = r.ReadInt32();
        return Enum.IsDefined(typeof(TrialStatus), value)
            ? (TrialStatus)value
            : throw new SerializationException($"unknown trial status {value}");
    }

    private static void WriteConfig(BinaryWriter w, TrialConfig config)
    {
        w.Write(ConfigSchema.Fields.Count);
        foreach (var field in ConfigSchema.Fields)
        {
            w.Write(field.Name);
            WriteValue(w, field.Name, field.Get(config));
        }
    }

    private static TrialConfig ReadConfig(BinaryReader r)
    {
        var config = new TrialConfig();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var field = ConfigSchema.Find(name)
                ?? throw new SerializationException($"trial config field '{name}' is unknown to this engine version");
            config = field.With(config, ReadValue(r, name, field.Kind, field.IsNullable));
        }

        return config;
    }

    /// <summary>A failed or declined attempt: the same layout, read back by the message's constructor (slot, trial, attempt, text).</summary>
    private static void WriteAttemptEnd(BinaryWriter w, int slot, TrialId trial, int attempt, string text)
    {
        w.Write(slot);
        w.Write(trial.Value);
        w.Write(attempt);
        w.Write(text);
    }

    private static void WriteCurve(BinaryWriter w, IReadOnlyList<EvalPoint> curve) => WriteRecords(w, ResultFields.Eval, curve);

    private static EvalPoint[] ReadCurve(BinaryReader r) => ReadRecords(r, ResultFields.Eval, default(EvalPoint), "eval point");

    private static EvalPoint ReadPoint(BinaryReader r) =>
        ReadCurve(r) is [var point] ? point : throw new SerializationException("an evaluation message must carry one point");

    private static void WriteLayers(BinaryWriter w, IReadOnlyList<LayerPoint> layers) => WriteRecords(w, ResultFields.Layer, layers);

    private static LayerPoint[] ReadLayers(BinaryReader r) => ReadRecords(r, ResultFields.Layer, new LayerPoint { Kind = "" }, "layer point");

    private static void WriteSummary(BinaryWriter w, TrialSummary s) => WriteRecords(w, ResultFields.Summary, [s]);

    private static TrialSummary ReadSummary(BinaryReader r) =>
        ReadRecords(r, ResultFields.Summary, new TrialSummary(), "summary") is [var summary]
            ? summary
            : throw new SerializationException("a trial's summary must be one record");

    /// <summary>
    /// A list of records as its count, the field count of <paramref name="fields"/>, then every record's fields in table
    /// order, each a presence byte and the value in its kind's binary form.
    /// </summary>
    private static void WriteRecords<T>(BinaryWriter w, IReadOnlyList<RecordField<T>> fields, IReadOnlyList<T> records)
    {
        w.Write(records.Count);
        w.Write(fields.Count);
        foreach (var record in records)
        {
            foreach (var field in fields)
            {
                WriteValue(w, field.Name, field.Get(record));
            }
        }
    }

    private static T[] ReadRecords<T>(BinaryReader r, IReadOnlyList<RecordField<T>> fields, T empty, string what)
    {
        var records = new T[ReadCount(r)];
        int fieldCount = r.ReadInt32();
        if (fieldCount != fields.Count)
        {
            throw new SerializationException(
                $"a {what} has {fieldCount} fields on the wire and {fields.Count} here: sender and receiver run different Sweep versions");
        }

        for (int i = 0; i < records.Length; i++)
        {
            var record = empty;
            foreach (var field in fields)
            {
                record = field.With(record, ReadValue(r, field.Name, field.Kind, field.IsNullable));
            }

            records[i] = record;
        }

        return records;
    }

    private static void WriteValue(BinaryWriter w, string name, object? value)
    {
        w.Write(value is not null);
        switch (value)
        {
            case null: break;
            case string s: w.Write(s); break;
            case int i: w.Write(i); break;
            case long l: w.Write(l); break;
            case double d: w.Write(d); break;
            case bool b: w.Write(b); break;
            default: throw new ArgumentException($"field '{name}' holds an unsupported {value.GetType().Name}");
        }
    }

    private static object? ReadValue(BinaryReader r, string name, FieldKind kind, bool nullable)
    {
        if (!r.ReadBoolean())
        {
            return nullable ? null : throw new SerializationException($"field '{name}' is null on the wire but may not be");
        }

        return kind switch
        {
            FieldKind.String => r.ReadString(),
            FieldKind.Int => r.ReadInt32(),
            FieldKind.Long => r.ReadInt64(),
            FieldKind.Double => r.ReadDouble(),
            FieldKind.Bool => r.ReadBoolean(),
            _ => throw new SerializationException($"field '{name}' has unsupported kind {kind}"),
        };
    }

    private static int ReadCount(BinaryReader r)
    {
        int count = r.ReadInt32();
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        return count >= 0 && count <= remaining
            ? count
            : throw new SerializationException($"corrupt list length {count} with {remaining} bytes left");
    }
}
