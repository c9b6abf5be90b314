//! `partnercentral-emulator`: serves the emulator over HTTP until Ctrl-C.

use std::process::ExitCode;

use partnercentral_emulator::{DEFAULT_ACCOUNT_ID, Emulator, EmulatorConfig};
use tokio::net::TcpListener;

const DEFAULT_HOST: &str = "127.0.0.1";
/// LocalStack's port, which AWS tooling often points at already.
const DEFAULT_PORT: u16 = 4566;

const USAGE: &str = "\
Usage: partnercentral-emulator [OPTIONS]

A local, in-memory AWS Partner Central (Selling and Account APIs) emulator.

Options:
  --host <HOST>          address to listen on [default: 127.0.0.1]
  --port <PORT>          port to listen on, 0 for any free port [default: 4566]
  --account-id <ID>      the caller's 12-digit AWS account id [default: 123456789012]
  --no-seed              start without the seed connections
  --verify-sigv4 <KEY:SECRET>
                         answer only requests SigV4-signed with this access key id and
                         secret (403 InvalidSignatureException otherwise), as AWS does
  -h, --help             print this help";

#[derive(Debug, PartialEq)]
struct Options {
    host: String,
    port: u16,
    config: EmulatorConfig,
    /// `--verify-sigv4`: the access key id and secret requests must be signed with.
    signing_key: Option<(String, String)>,
}

#[derive(Debug, PartialEq)]
enum Command {
    Serve(Options),
    Help,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options {
        host: DEFAULT_HOST.to_owned(),
        port: DEFAULT_PORT,
        config: EmulatorConfig {
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            seed: true,
        },
        signing_key: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--name value` and `--name=value` alike.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--host" => options.host = value("--host")?,
            "--port" => {
                let port = value("--port")?;
                options.port = port.parse().map_err(|_| {
                    format!("--port must be a number from 0 to 65535, got {port:?}")
                })?;
            }
            "--account-id" => options.config.account_id = value("--account-id")?,
            "--no-seed" if inline.is_none() => options.config.seed = false,
            "--no-seed" => return Err("--no-seed takes no value".to_owned()),
            "--verify-sigv4" => {
                let key = value("--verify-sigv4")?;
                let (id, secret) = key
                    .split_once(':')
                    .filter(|(id, secret)| !id.is_empty() && !secret.is_empty())
                    .ok_or("--verify-sigv4 takes ACCESS_KEY_ID:SECRET_ACCESS_KEY")?;
                options.signing_key = Some((id.to_owned(), secret.to_owned()));
            }
            _ => return Err(format!("unknown argument {name:?}")),
        }
    }
    Ok(Command::Serve(options))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::new(options.config) {
        Ok(emulator) => match &options.signing_key {
            Some((id, secret)) => emulator.check_signatures(id, secret),
            None => emulator,
        },
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((options.host.as_str(), options.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(address) => println!("listening on http://{address}"),
        Err(error) => {
            eprintln!("error: cannot read the listening address: {error}");
            return ExitCode::FAILURE;
        }
    }
    let shutdown = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            eprintln!("warning: cannot watch for Ctrl-C ({error}); serving until killed");
            std::future::pending::<()>().await;
        }
    };
    match emulator.serve_with_shutdown(listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let Ok(Command::Serve(options)) = parse(args("")) else {
            panic!("no arguments serve")
        };
        assert_eq!((options.host.as_str(), options.port), ("127.0.0.1", 4566));
        assert_eq!(options.config, EmulatorConfig::default());
        let parsed = parse(args(
            "--port 0 --host=0.0.0.0 --account-id 111122223333 --no-seed",
        ));
        let Ok(Command::Serve(options)) = parsed else {
            panic!("{parsed:?}")
        };
        assert_eq!((options.host.as_str(), options.port), ("0.0.0.0", 0));
        assert_eq!(
            options.config,
            EmulatorConfig {
                account_id: "111122223333".to_owned(),
                seed: false
            }
        );
        assert_eq!(parse(args("--port 1 --help")), Ok(Command::Help));
        let Ok(Command::Serve(options)) = parse(args("--verify-sigv4 AKID:se:cret")) else {
            panic!("--verify-sigv4 parses")
        };
        assert_eq!(
            options.signing_key,
            Some(("AKID".to_owned(), "se:cret".to_owned()))
        );
        assert_eq!(
            parse(args("--verify-sigv4 AKID")),
            Err("--verify-sigv4 takes ACCESS_KEY_ID:SECRET_ACCESS_KEY".to_owned())
        );
    }

    #[test]
    fn bad_arguments_are_explained() {
        for (line, expected) in [
            ("--port", "--port needs a value"),
            (
                "--port 70000",
                "--port must be a number from 0 to 65535, got \"70000\"",
            ),
            (
                "--port=abc",
                "--port must be a number from 0 to 65535, got \"abc\"",
            ),
            ("--verbose", "unknown argument \"--verbose\""),
            ("4566", "unknown argument \"4566\""),
            ("--no-seed=yes", "--no-seed takes no value"),
        ] {
            assert_eq!(parse(args(line)), Err(expected.to_owned()), "{line}");
        }
    }
}
