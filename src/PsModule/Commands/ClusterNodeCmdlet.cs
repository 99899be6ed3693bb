using System.Management.Automation;
using System.Net;
using System.Security;
using Sweep.Actors;
using Sweep.Actors.Tls;

namespace Sweep.PsModule.Commands;

/// <summary>
/// What the cmdlets that start a cluster node (Start-Sweep, Start-SweepWorker) share: -TlsCertificate,
/// -TlsCertificatePassword and -TlsTrust, turned into <see cref="TlsOptions"/> and loaded once up front, so
/// a missing file, a wrong password or a certificate without its private key is a terminating error naming
/// the file before any node starts.
/// </summary>
public abstract class ClusterNodeCmdlet : SweepCmdlet
{
    /// <summary>This node's certificate and private key (.pfx) for mutual TLS between machines; needs -TlsTrust.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TlsCertificate { get; set; }

    /// <summary>The .pfx file's password; default: the SWEEP_TLS_PASSWORD environment variable.</summary>
    [Parameter]
    public SecureString? TlsCertificatePassword { get; set; }

    /// <summary>PEM or DER files with the CA certificates (or pinned peer certificates) a peer must chain to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TlsTrust { get; set; }

    /// <summary>
    /// Null when neither -TlsCertificate nor -TlsTrust is given (no TLS); else the checked options. Ends the
    /// command with TlsIncomplete when only one is given, and with TlsUnusable when the files do not load.
    /// </summary>
    private protected TlsOptions? LoadTls()
    {
        if (TlsCertificate is null && TlsTrust is null)
        {
            return null;
        }

        if (TlsCertificate is null || TlsTrust is null || TlsTrust.Length == 0)
        {
            throw Terminate(new ErrorRecord(
                new ArgumentException("TLS needs both -TlsCertificate (this node's .pfx) and -TlsTrust (the CA or peer certificates to accept)"),
                "TlsIncomplete", ErrorCategory.InvalidArgument, TlsCertificate));
        }

        var options = new TlsOptions
        {
            CertificatePath = FileSystemPath(TlsCertificate),
            CertificatePassword = TlsCertificatePassword is null
                ? Environment.GetEnvironmentVariable(TlsOptions.PasswordVariable) ?? ""
                : new NetworkCredential("", TlsCertificatePassword).Password,
            TrustPaths = TlsTrust.Select(FileSystemPath).ToArray(),
        };
        try
        {
            NodeTls.Load(options);
        }
        catch (TlsSetupException e)
        {
            throw Terminate(new ErrorRecord(e, "TlsUnusable", ErrorCategory.InvalidArgument, TlsCertificate));
        }

        return options;
    }
}
