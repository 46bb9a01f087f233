class Go:
    def __init__(self, typescript=False):
        self.name = "go" + str(typescript)

    def options(self, cat):
        return None
