using System.CommandLine;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.IO;

namespace Edge.Trainer.Cli.Commands;

/// <summary><c>trainer keygen</c>: a new ECDSA P-256 bundle signing key (NAME.key, owner-only) and its public half (NAME.pub).</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Path prefix: writes NAME.key and NAME.pub.", Required = true };
        var command = new Command("keygen", "Create a bundle signing key pair.") { output };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(output)!;
            string privatePath = name + ".key", publicPath = name + ".pub";
            if (File.Exists(privatePath) || File.Exists(publicPath))
            {
                Console.Error.WriteLine($"trainer: {privatePath} or {publicPath} already exists; refusing to overwrite a key");
                return Program.IoError;
            }

            using var key = BundleSigningKey.Generate();
            key.SavePrivateKeyPem(privatePath);
            AtomicFile.WriteAllText(publicPath, key.ExportPublicKeyPem());
            Console.WriteLine($"wrote {privatePath} (private, mode 0600) and {publicPath}; key id {Convert.ToHexStringLower(key.KeyId)}");
            return 0;
        });
        return command;
    }
}
