from civette.web.app import main

main()
